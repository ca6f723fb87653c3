package cli

import (
	"fmt"
	"io"

	"github.com/docspace-wizard/docspace-wizard/history"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// statusFiles are where the program keeps its files on this computer, for a support case.
type statusFiles struct {
	// Settings is the settings file ("" when the directory is unknown).
	Settings string `json:"settings"`
	// History is the run history file ("" when the directory is unknown).
	History string `json:"history"`
	// DebugLog is this run's debug log, "" when off.
	DebugLog string `json:"debugLog"`
}

// files names the settings, history and debug log files of this run.
func (e Env) files() statusFiles {
	var f statusFiles
	if e.ConfigDir != "" {
		f.Settings = settings.Path(e.ConfigDir)
	}
	if dir, err := e.historyDir(); err == nil {
		f.History = history.Path(dir)
	}
	if e.DebugLog != nil {
		f.DebugLog = e.DebugLog()
	}
	return f
}

// printFiles prints where the files are, as status shows them.
func printFiles(w io.Writer, f statusFiles) {
	unknown := func(s, why string) string {
		if s == "" {
			return why
		}
		return s
	}
	fmt.Fprintln(w, "Files on this computer:")
	fmt.Fprintln(w, "  Settings:  "+unknown(f.Settings, "unknown (set "+settings.ConfigDirEnv+", XDG_CONFIG_HOME or HOME)"))
	fmt.Fprintln(w, "  History:   "+unknown(f.History, "unknown (set XDG_STATE_HOME or HOME)"))
	fmt.Fprintln(w, "  Debug log: "+unknown(f.DebugLog, "off (add --debug FILE, or set DOCSPACE_WIZARD_DEBUG=FILE, to log every portal call)"))
}
