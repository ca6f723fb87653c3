package main

import (
	"context"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// ptyOutput collects what a program writes to its terminal.
type ptyOutput struct {
	mu sync.Mutex
	b  strings.Builder
}

func (p *ptyOutput) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.b.Write(b)
}

func (p *ptyOutput) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.b.String()
}

// waitFor waits until the output shows want, failing the test after a while.
func (p *ptyOutput) waitFor(t *testing.T, want string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(p.String(), want) {
			return
		}
	}
	t.Fatalf("the terminal never showed %q:\n%q", want, p.String())
}

// login asks plain questions on a terminal with --accessible, ACCESSIBLE=1 or
// TERM=dumb: no styling, no colour, no cursor movement, and the key is not echoed.
func TestLoginAsksPlainQuestions(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("builds the binary; needs a pseudo-terminal")
	}
	bin := buildBinary(t, t.TempDir())
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		{"TERM=dumb", []string{"TERM=dumb"}, nil},
		{"ACCESSIBLE=1", []string{"TERM=xterm-256color", "ACCESSIBLE=1"}, nil},
		{"--accessible", []string{"TERM=xterm-256color"}, []string{"--accessible"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := newSandbox(t, "")
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Skipf("no pseudo-terminal: %v", err)
			}
			defer func() { _ = ptmx.Close() }()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, append([]string{"login"}, tc.args...)...)
			cmd.Env = append(append([]string(nil), sb.env...), tc.env...)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			_ = tty.Close()
			var out ptyOutput
			copied := make(chan struct{})
			go func() { _, _ = io.Copy(&out, ptmx); close(copied) }()

			out.waitFor(t, "DocSpace portal")
			_, _ = io.WriteString(ptmx, portal.URL()+"\r")
			out.waitFor(t, "API key (")
			_, _ = io.WriteString(ptmx, docspacetest.DemoKey+"\r")
			_ = cmd.Wait() // the sandbox has no keyring: the key checks out but is not stored
			<-copied
			got := out.String()
			if strings.Contains(got, "\x1b") {
				t.Errorf("escape sequences on the terminal:\n%q", got)
			}
			for _, want := range []string{"e.g. https://yourname.onlyoffice.com", "Checking the key with " + portal.URL()} {
				if !strings.Contains(got, want) {
					t.Errorf("the terminal lacks %q:\n%s", want, got)
				}
			}
			if strings.Contains(got, docspacetest.DemoKey) {
				t.Errorf("the key was echoed:\n%s", got)
			}
		})
	}
}
