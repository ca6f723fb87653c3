package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/cli"
)

// history and undo are commands of their own: listed, with their flags, and argued
// with in sentences.
func TestHistoryAndUndoCommands(t *testing.T) {
	env := cli.Env{StateDir: filepath.Join(t.TempDir(), "state")}
	if code, out, errs := runCmd(env, "history", "--json"); code != 0 || strings.TrimSpace(out) != "[]" || errs != "" {
		t.Errorf("history --json of an empty history: exit %d, %q, %q", code, out, errs)
	}
	if code, _, errs := runCmd(env, "undo"); code != 0 || !strings.Contains(errs, "Nothing to undo") {
		t.Errorf("undo of an empty history: exit %d, %q", code, errs)
	}
	if code, _, errs := runCmd(env, "undo", "a", "b"); code != 2 || !strings.Contains(errs, "Give one run at most") {
		t.Errorf("undo with two runs: exit %d, %q", code, errs)
	}
	if code, out, _ := runCmd(env, "undo", "--help"); code != 0 || !strings.Contains(out, "--yes") || !strings.Contains(out, "never deleted") {
		t.Errorf("undo --help: exit %d\n%s", code, out)
	}
	if code, _, errs := runCmd(env, "unbo-it"); code != 2 || !strings.Contains(errs, "history and undo") {
		t.Errorf("an unknown word: exit %d, %q", code, errs)
	}
}
