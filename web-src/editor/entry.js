// The coding round's editor: CodeMirror over the form's textarea. The
// textarea stays the form field (and the whole editor without JavaScript);
// this only replaces how it is edited. Built into
// internal/web/static/editor.js by build.sh; the bundle is committed so
// `go run` needs no Node.
import { EditorView, basicSetup } from "codemirror";
import { EditorState, Compartment } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { cpp } from "@codemirror/lang-cpp";
import { java } from "@codemirror/lang-java";
import { go } from "@codemirror/lang-go";

const languages = { python, javascript, c: cpp, cpp, java, go };

function mount() {
  const area = document.getElementById("code");
  const select = document.getElementById("lang");
  if (!area || !select) return;
  const lang = new Compartment();
  const pick = () => (languages[select.value] || python)();
  const view = new EditorView({
    state: EditorState.create({
      doc: area.value,
      extensions: [basicSetup, keymap.of([indentWithTab]), lang.of(pick()),
        EditorView.updateListener.of((u) => { if (u.docChanged) area.value = u.state.doc.toString(); }),
        EditorView.contentAttributes.of({ "aria-label": "Code editor (Escape, then Tab, moves focus out)" })],
    }),
  });
  area.editorView = view; // for scripts (and tests) that set the code
  area.style.display = "none";
  area.insertAdjacentElement("afterend", view.dom);
  view.dom.classList.add("cm-host");
  select.addEventListener("change", () => view.dispatch({ effects: lang.reconfigure(pick()) }));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
