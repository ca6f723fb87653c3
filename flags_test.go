package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/cli"
)

// inProcess runs one command line of the program with its output captured and an
// empty environment; nothing in these tests gets as far as a portal.
func inProcess(cmd func(cli.Env, []string) int, args ...string) (code int, stderr string) {
	var out, errb bytes.Buffer
	env := cli.Env{Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb}, Getenv: func(string) string { return "" }}
	return cmd(env, args), out.String() + errb.String()
}

// A bad flag value is one sentence and a pointer to --help, not the whole usage.
func TestBadFlagIsOneSentence(t *testing.T) {
	tests := []struct {
		cmd  func(cli.Env, []string) int
		args []string
		says string
	}{
		{wizardCmd, []string{"--room", "abc"}, `--room "abc" is not a room ID`},
		{wizardCmd, []string{"--yes", "--room", "12x", "--invite", "a@example.com"}, `--room "12x" is not a room ID`},
		{wizardCmd, []string{"--nope"}, "There is no flag --nope"},
		{wizardCmd, []string{"--title"}, "--title needs a value"},
		{loginCmd, []string{"--with-key=perhaps"}, `--with-key "perhaps" is not a valid value`},
		{logoutCmd, []string{"--bogus"}, "There is no flag --bogus"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out := inProcess(tt.cmd, tt.args...)
			if code != cli.ExitUsage {
				t.Errorf("exit %d, want %d", code, cli.ExitUsage)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], tt.says) || !strings.HasSuffix(lines[0], " --help` to see the flags.") {
				t.Errorf("output is not one sentence saying %q and pointing to --help:\n%s", tt.says, out)
			}
		})
	}
	// --help still prints the whole usage.
	if code, out := inProcess(wizardCmd, "--help"); code != cli.ExitOK || !strings.Contains(out, "-invite-file") || !strings.Contains(out, "Exit codes") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// --portal "" (a script's unset variable) is an error, not "use the saved portal".
func TestEmptyPortalFlagIsAnError(t *testing.T) {
	tests := []struct {
		cmd  func(cli.Env, []string) int
		args []string
	}{
		{wizardCmd, []string{"--yes", "--portal", "", "--title", "T", "--type", "custom"}},
		{wizardCmd, []string{"--portal=  "}},
		{wizardCmd, []string{"--accessible", "--portal", ""}},
		{loginCmd, []string{"--portal", "", "--with-key"}},
		{logoutCmd, []string{"--portal="}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out := inProcess(tt.cmd, tt.args...)
			if code != cli.ExitUsage || !strings.HasPrefix(out, "--portal is empty: give the portal's address") {
				t.Errorf("exit %d, output:\n%s", code, out)
			}
		})
	}
}

// A DOCSPACE_BASE_URL that is not a portal address is named as the environment's, in
// the wizard and --accessible as in --yes.
func TestWizardNamesABadPortalFromTheEnvironment(t *testing.T) {
	for _, args := range [][]string{{"--accessible"}, {}} {
		var out, errb bytes.Buffer
		env := cli.Env{Streams: cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errb, InTTY: true, OutTTY: true},
			Getenv: func(k string) string { return map[string]string{"DOCSPACE_BASE_URL": "http://portal.example.com"}[k] }}
		code := wizardCmd(env, args)
		want := "DOCSPACE_BASE_URL (set in the environment): the portal address uses http://, which would send the API key unencrypted: type https://portal.example.com instead. Fix or unset it, or pass --portal.\n"
		if code != cli.ExitUsage || errb.String() != want {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, errb.String())
		}
	}
}
