package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// debugEnv names the variable that turns the debug log on, like --debug.
const debugEnv = "DOCSPACE_WIZARD_DEBUG"

// debugLog is the --debug log of one run: a redacted record of every portal call
// (docspace.WithLogger), for a support case. It is opened once the command line is
// parsed and closed when the command ends.
type debugLog struct {
	flag   string // --debug
	getenv func(string) string
	file   *os.File
	logger *slog.Logger
}

// register adds --debug to every command under root and opens the log before any
// of them runs.
func (d *debugLog) register(root *cobra.Command) {
	root.PersistentFlags().StringVar(&d.flag, "debug", "", "write a debug log of every portal call to this file (never the key or e-mail addresses); also "+debugEnv+"=FILE")
	next := root.PersistentPreRunE
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if next != nil {
			if err := next(c, args); err != nil {
				return err
			}
		}
		return d.open(c)
	}
}

// path is where the log is written this run: --debug, else DOCSPACE_WIZARD_DEBUG; "" when off.
func (d *debugLog) path() string {
	if d.flag != "" {
		return d.flag
	}
	if d.getenv != nil {
		return d.getenv(debugEnv)
	}
	return ""
}

// Path is the file the log is written to, "" when it is off or could not be opened.
func (d *debugLog) Path() string {
	if d.file == nil {
		return ""
	}
	return d.file.Name()
}

// open starts the log, appending to the file (mode 0600: it names the portal and
// its calls), with a first line saying what ran: never a flag's value.
func (d *debugLog) open(c *cobra.Command) error {
	path := d.path()
	if path == "" || d.file != nil {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return usageError("Could not open the debug log: %s. Give --debug (or %s) a file in a directory you can write to.", outside.Line(err.Error(), 300), debugEnv)
	}
	_ = f.Chmod(0o600) // an older file made with wider permissions is narrowed; where chmod means nothing (Windows) the profile's ACL applies
	d.file = f
	d.logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var flags []string
	c.Flags().Visit(func(f *pflag.Flag) { flags = append(flags, f.Name) })
	d.logger.Info("start", "version", versionString(), "os", runtime.GOOS, "arch", runtime.GOARCH,
		"command", c.CommandPath(), "flags", strings.Join(flags, ","))
	return nil
}

// option hands the log to every client the run builds: it is read when the client
// is made, after the command line is parsed.
func (d *debugLog) option() docspace.Option {
	return func(c *docspace.Client) {
		if d.logger != nil {
			docspace.WithLogger(d.logger)(c)
		}
	}
}

// close ends the log with the run's exit code.
func (d *debugLog) close(w io.Writer, code int) {
	if d.file == nil {
		return
	}
	d.logger.Info("end", "exit", code)
	if err := d.file.Close(); err != nil {
		fmt.Fprintf(w, "Could not finish the debug log %s: %v\n", d.file.Name(), err)
	}
	d.file, d.logger = nil, nil
}
