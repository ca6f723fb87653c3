package redact

import (
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/internal/secretscan"
)

// The one helper does what each of the three it replaced did: the keyring's exact key,
// the client's key in any case, and the CLI's key-shaped words.
func TestSecrets(t *testing.T) {
	const key = "sk-0123456789abcdef0123456789abcdef"
	for _, tt := range []struct{ in, want string }{
		{"cannot store " + key + " here", "cannot store [API key] here"},
		{"a " + strings.ToUpper(key) + " b", "a [API key] b"},
		{"body 0123456789ABCDEF0123456789abcdef only", "body [API key] only"},
		{"é sk-1 é", "é sk-1 é"},
		{"nothing", "nothing"},
		{"sk-0123456789abcdef", "[API key]"},
		{"x sk-0123456789abcdef, y", "x [API key], y"},
		{"SK-0123456789abcdef", "[API key]"},
		{"task-managers@example.com", "task-managers@example.com"},
		{"desk-01234567890@example.com", "desk-01234567890@example.com"},
		{"sk-short", "sk-short"},
		{"a sk-0123456789 b sk-abcdefghij", "a [API key] b [API key]"},
		{"sk-", "sk-"},
		{"\x1bsk-0123456789abcdef\u202e", "\x1b[API key]\u202e"},
		{"mailto:sk-0123456789ab@x.example", "mailto:[API key]@x.example"},
	} {
		if got := Secrets(tt.in, key); got != tt.want {
			t.Errorf("Secrets(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Secrets("short", "longer key"); got != "short" {
		t.Errorf("a key longer than the text changed it: %q", got)
	}
}

// Whatever form of a fresh key a message carries, none of it survives.
func TestSecretsLeavesNothingTheScannerFinds(t *testing.T) {
	key := secretscan.FreshKey(t)
	for _, s := range []string{key, strings.ToUpper(key), strings.TrimPrefix(key, "sk-"), "dial tcp: " + key + ": refused"} {
		if got := Secrets(s, key); secretscan.Leaks([]byte(got), key) {
			t.Errorf("Secrets(%q) = %q still shows the key", s, got)
		}
	}
	if !Contains("x "+strings.ToUpper(key), key) || Contains("x sk-other", key) || Contains("x", "") {
		t.Error("Contains does not find the key exactly where it is")
	}
}
