package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Under Git Bash's mintty on Windows (no console, MSYSTEM set), login says why it
// cannot ask and suggests winpty or Windows Terminal, instead of waiting.
func TestLoginUnderMinttySuggestsWinpty(t *testing.T) {
	te := newTestEnv(t)
	te.OS = "windows"
	te.vars["MSYSTEM"] = "MINGW64"
	if end := Login(context.Background(), te.Env, LoginOptions{Portal: "https://a.example"}); end != onboard.EndInvalid {
		t.Errorf("end = %v, want invalid", end)
	}
	if got := te.err.String(); !strings.Contains(got, "winpty docspace-wizard") || !strings.Contains(got, "Windows Terminal") || !strings.Contains(got, "--with-key") {
		t.Errorf("stderr:\n%s", got)
	}

	// A console (or another OS) gets no such advice.
	for _, tc := range []struct {
		os    string
		inTTY bool
	}{{"windows", true}, {"linux", false}} {
		te := newTestEnv(t)
		te.OS = tc.os
		te.vars["MSYSTEM"], te.vars["TERM"] = "MINGW64", "xterm"
		te.Streams.InTTY = tc.inTTY
		if got := te.ConsoleAdvice(); got != "" {
			t.Errorf("%s, console %v: advice %q", tc.os, tc.inTTY, got)
		}
	}
}

// The plain prompter says what is wrong with an answer and asks again; the end of
// the input is an error, not an empty answer.
func TestPlainPrompterAsksAgain(t *testing.T) {
	var out strings.Builder
	p := plainPrompter{in: strings.NewReader("not a portal\n\nsk-short\n"), out: &out}
	got, err := p.Portal(context.Background(), "https://saved.example")
	if err != nil || got != "https://saved.example" {
		t.Fatalf("Portal = %q, %v; want the suggestion on Enter", got, err)
	}
	if _, err := p.Key(context.Background(), "https://saved.example"); err == nil {
		t.Fatal("Key after the input ended: no error")
	}
	text := out.String()
	for _, want := range []string{"Portal (Enter for https://saved.example): ", "API key: ", "not a DocSpace API key"} {
		if !strings.Contains(text, want) {
			t.Errorf("the prompts lack %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "Portal (Enter") != 2 {
		t.Errorf("the portal was not asked again after a wrong answer:\n%s", text)
	}
	if strings.Contains(text, "\x1b") {
		t.Errorf("escape sequences: %q", text)
	}
}
