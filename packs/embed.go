// Package packs embeds Rehearse's built-in content packs, one directory
// each. The loader in internal/content reads and checks them.
package packs

import (
	"embed"
	"io/fs"
)

//go:embed *
var files embed.FS

// FS returns the built-in packs: one directory per pack.
func FS() fs.FS { return files }
