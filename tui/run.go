package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Run runs the wizard on the terminal in opts and returns the last run's result with
// how the wizard ended: the run's end (onboard.RunEnd), EndInterrupted when quit before
// confirming, EndTerminated the same stopped by SIGTERM, EndKeyRefused for a key
// problem that could not be fixed, EndFailed when the wizard itself stopped.
// The summary of every run is printed to opts.Out after the program ends, so it stays
// in the scrollback.
func Run(ctx context.Context, opts Options) (docspace.Result, onboard.End) {
	if opts.Accessible {
		return runAccessible(ctx, opts)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	m := newModel(ctx, opts)
	// Bubble Tea would quit at once on SIGTERM; the wizard stops a run cleanly first.
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithoutSignalHandler()}
	if opts.In != nil {
		popts = append(popts, tea.WithInput(opts.In))
	}
	if opts.Out != nil {
		popts = append(popts, tea.WithOutput(opts.Out))
		if f, ok := opts.Out.(term.File); !ok || !term.IsTerminal(f.Fd()) {
			// No terminal to ask for its size (tests, recordings): assume the classic one.
			popts = append(popts, tea.WithWindowSize(80, 24))
		}
	}
	if opts.Getenv != nil {
		popts = append(popts, tea.WithEnvironment(environ(opts.Getenv)))
	}
	p := tea.NewProgram(m, popts...)
	stopSignals := forwardSignals(p.Send)
	_, err := p.Run()
	stopSignals()
	cancel() // stops look-ups and any run still going
	res, end := m.result()
	out := opts.Out
	if out == nil {
		out = os.Stdout
	}
	links := hyperlinks(out, opts.Getenv)
	if m.st.ascii {
		out = asciiWriter(out)
	}
	if errors.Is(err, tea.ErrProgramPanic) {
		// Bubble Tea caught it, restored the terminal and printed it on stderr.
		fmt.Fprintln(out, "The wizard stopped on an internal error (shown above). Please report it.")
		if len(m.st.results) == 0 && len(m.st.roomRuns) == 0 {
			end = onboard.EndFailed
		}
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrInterrupted) {
		fmt.Fprintf(out, "The wizard stopped: %v\n", err)
		if len(m.st.results) == 0 && len(m.st.roomRuns) == 0 {
			end = onboard.EndFailed
		}
	}
	for _, r := range m.st.results {
		printSummary(out, m.st.portal, r, links)
		if line := m.st.record(onboard.ViaWizard, r); line != "" {
			fmt.Fprintln(out, line)
		}
	}
	for _, r := range m.st.roomRuns {
		printRoomsSummary(out, m.st.portal, r, links)
		if line := m.st.record(onboard.ViaWizard, r.run.Results()...); line != "" { // one record for every room of the run
			fmt.Fprintln(out, line)
		}
	}
	for _, l := range m.abandoned {
		fmt.Fprintln(out, l)
	}
	m.st.rememberChoices()
	return res, end
}

// terminateMsg is SIGTERM: the wizard stops as after a confirmed Ctrl+C (a run under
// way finishes its current request and reports), then quits ending EndTerminated.
type terminateMsg struct{}

// forwardSignals hands SIGINT and SIGTERM to the program through send until stop is
// called: SIGINT as Bubble Tea's own InterruptMsg (the program ends at once, as it
// always did), SIGTERM as terminateMsg. stop returns once the goroutine has ended.
func forwardSignals(send func(tea.Msg)) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		for {
			select {
			case s := <-sig:
				send(signalMsg(s)) // returns once the program has ended, if it has
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
		<-ended
	}
}

// signalMsg is the message a signal becomes: SIGTERM terminateMsg, SIGINT InterruptMsg.
func signalMsg(s os.Signal) tea.Msg {
	if s == syscall.SIGTERM {
		return terminateMsg{}
	}
	return tea.InterruptMsg{}
}

// rememberChoices hands the portal and the last confirmed choices to Options.Remember.
func (st *state) rememberChoices() {
	if st.opts.Remember == nil || st.opts.Demo {
		return
	}
	if st.remembered == nil && st.keyStatus != keyOK {
		return
	}
	last := LastChoices{}
	if st.remembered != nil {
		last = *st.remembered
	}
	st.opts.Remember(st.portal, last)
}

// environ is the part of the environment the terminal's colour profile depends on.
// NO_COLOR with any value turns colours off, as no-color.org says.
func environ(getenv func(string) string) []string {
	var env []string
	for _, k := range []string{"TERM", "COLORTERM", "CLICOLOR", "CLICOLOR_FORCE", "TTY_FORCE",
		"TERM_PROGRAM", "TERM_PROGRAM_VERSION", "TMUX", "WT_SESSION", "GOOGLE_CLOUD_SHELL",
		"TERMINFO", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "SSH_TTY"} {
		if v := getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	if getenv("NO_COLOR") != "" {
		env = append(env, "NO_COLOR=1")
	}
	return env
}

// hyperlinks reports whether to wrap links in OSC 8: only on a terminal that is not dumb.
func hyperlinks(w io.Writer, getenv func(string) string) bool {
	f, ok := w.(term.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return false
	}
	return getenv == nil || getenv("TERM") != "dumb"
}
