package content

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// PackIDs returns the ids of the packs in src (read leniently: a pack whose
// pack.yaml does not parse is left out, and Load will report it).
func PackIDs(src Source) []string {
	var files []string
	if _, err := fs.Stat(src.FS, "pack.yaml"); err == nil {
		files = []string{"pack.yaml"}
	} else if entries, err := fs.ReadDir(src.FS, "."); err == nil {
		for _, e := range entries {
			if e.IsDir() {
				files = append(files, path.Join(e.Name(), "pack.yaml"))
			}
		}
	}
	var ids []string
	for _, f := range files {
		data, err := fs.ReadFile(src.FS, f)
		if err != nil {
			continue
		}
		var p struct {
			ID string `yaml:"id"`
		}
		if yaml.Unmarshal(data, &p) == nil && p.ID != "" {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// Without returns src with the named top-level pack directories hidden. The
// linter uses it so that checking an edited copy of a built-in pack does not
// clash with the embedded original.
func Without(src Source, dirs []string) Source {
	if len(dirs) == 0 {
		return src
	}
	return Source{Name: src.Name, FS: hiddenFS{src.FS, dirs}}
}

type hiddenFS struct {
	fs.FS
	hide []string
}

func (h hiddenFS) hidden(name string) bool {
	top, _, _ := strings.Cut(name, "/")
	return slices.Contains(h.hide, top)
}

func (h hiddenFS) Open(name string) (fs.File, error) {
	if h.hidden(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return h.FS.Open(name)
}

func (h hiddenFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if h.hidden(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries, err := fs.ReadDir(h.FS, name)
	if err != nil || name != "." {
		return entries, err
	}
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return slices.Contains(h.hide, e.Name()) }), nil
}

func (h hiddenFS) Stat(name string) (fs.FileInfo, error) {
	if h.hidden(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fs.Stat(h.FS, name)
}
