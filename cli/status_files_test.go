package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/history"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// status says where the settings, the history and the debug log live, with or without
// a known portal, in text and in JSON.
func TestStatusShowsWhereFilesLive(t *testing.T) {
	state := t.TempDir()
	historyFile := history.Path(filepath.Join(state, "docspace-wizard"))

	te := newTestEnv(t)
	te.vars["XDG_STATE_HOME"] = state
	Status(context.Background(), te.Env, StatusOptions{})
	out := te.out.String()
	for _, want := range []string{"Files on this computer", settings.Path(te.ConfigDir), historyFile, "Debug log", "--debug FILE", "DOCSPACE_WIZARD_DEBUG"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}

	te = newTestEnv(t)
	te.vars["XDG_STATE_HOME"] = state
	logPath := filepath.Join(t.TempDir(), "debug.log")
	te.DebugLog = func() string { return logPath }
	Status(context.Background(), te.Env, StatusOptions{JSON: true})
	var st struct {
		Files struct{ Settings, History, DebugLog string }
	}
	if err := json.Unmarshal(te.out.Bytes(), &st); err != nil {
		t.Fatalf("%v:\n%s", err, te.out)
	}
	if st.Files.Settings != settings.Path(te.ConfigDir) || st.Files.History != historyFile || st.Files.DebugLog != logPath {
		t.Errorf("files = %+v", st.Files)
	}
}
