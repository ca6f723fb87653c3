package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Every message and document that says where API keys are made says it the same way,
// docspace.APIKeysPlace, so the wizard, --accessible, the scriptable path and the
// README never disagree about the path an admin has to click through.
func TestOneWordingForWhereKeysAreMade(t *testing.T) {
	if docspace.APIKeysPlace != "Settings › Developer Tools › API keys" {
		t.Fatalf("APIKeysPlace = %q", docspace.APIKeysPlace)
	}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".md")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if !strings.Contains(strings.ToLower(line), "developer tools") {
				continue
			}
			defining := strings.HasPrefix(strings.TrimSpace(line), "const APIKeysPlace = ")
			if strings.HasSuffix(path, ".go") && !defining {
				t.Errorf("%s:%d names the place itself instead of using docspace.APIKeysPlace: %s", path, i+1, strings.TrimSpace(line))
			}
			if strings.HasSuffix(path, ".md") && !strings.Contains(line, docspace.APIKeysPlace) {
				t.Errorf("%s:%d words the place differently from %q: %s", path, i+1, docspace.APIKeysPlace, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The client's own message, when no key was given, names it too.
	if _, err := docspace.New("https://portal.example.com", " "); err == nil || !strings.Contains(err.Error(), docspace.APIKeysPlace) {
		t.Errorf("docspace.New with no key: %v; want it to name %q", err, docspace.APIKeysPlace)
	}
}
