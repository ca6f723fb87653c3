package onboard

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func getenvOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestUTF8Locale(t *testing.T) {
	tests := []struct {
		env  []string
		want bool
	}{
		{nil, true}, // nothing set: a modern terminal
		{[]string{"LANG", "C.UTF-8"}, true},
		{[]string{"LANG", "en_US.utf8"}, true},
		{[]string{"LANG", "C"}, false},
		{[]string{"LANG", "POSIX"}, false},
		{[]string{"LANG", "de_DE.ISO-8859-1"}, false},
		{[]string{"LANG", "C.UTF-8", "LC_ALL", "C"}, false},      // LC_ALL wins
		{[]string{"LANG", "C", "LC_CTYPE", "en_US.UTF-8"}, true}, // LC_CTYPE before LANG
		{[]string{"TERM", "dumb"}, true},                         // says nothing of the character set
	}
	for _, tt := range tests {
		if got := UTF8Locale(getenvOf(tt.env...)); got != tt.want {
			t.Errorf("%v: UTF-8 %v, want %v", tt.env, got, tt.want)
		}
	}
}

// Every mark the front-ends draw has ASCII stand-ins, and the one-cell one is exactly
// as wide as the mark, so a screen's layout does not move under LANG=C.
func TestEveryMarkHasASCIIStandIns(t *testing.T) {
	for _, m := range []string{MarkDone, MarkFailed, MarkWarning, MarkWorking, MarkRetrying, MarkSame, MarkUnsure, MarkSkipped, Ellipsis, Arrow, Separator} {
		text := ASCIIText(m)
		if !IsASCII(text) || text == "" {
			t.Errorf("%q has the ASCII text %q", m, text)
		}
		if IsASCII(m) {
			continue
		}
		r := []rune(m)[0]
		c, ok := ASCIICell(r)
		if !ok || c >= 0x80 || ansi.StringWidth(string(c)) != ansi.StringWidth(m) {
			t.Errorf("%q has the one-cell stand-in %q (ok %v)", m, c, ok)
		}
	}
	for r, g := range palette {
		if ansi.StringWidth(string(g.cell)) != ansi.StringWidth(string(r)) {
			t.Errorf("%q: the cell %q is not as wide", r, g.cell)
		}
	}
}

func TestASCIIText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"✓ Created room \"Q3\" (id 104)", "+ Created room \"Q3\" (id 104)"},
		{"✗ Batch 1 of 2: refused", "x Batch 1 of 2: refused"},
		{"• Checking the key…", "* Checking the key..."},
		{"Editor → Viewer: lowers access", "Editor -> Viewer: lowers access"},
		{"3 of 3 in the room · 3 invited", "3 of 3 in the room | 3 invited"},
		{"↻ Invite 3 people: retrying", "~ Invite 3 people: retrying"},
		// The user's data is not the palette's: it stays as it is.
		{"Café Zoë 漢", "Café Zoë 漢"},
	}
	for _, tt := range tests {
		if got := ASCIIText(tt.in); got != tt.want {
			t.Errorf("ASCIIText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOutputFollowsTheLocale(t *testing.T) {
	text := "✓ Zoë → … \n"
	for _, tt := range []struct {
		env  []string
		want string
	}{
		{[]string{"LANG", "C"}, "+ Zoë -> ... \n"},
		{[]string{"LC_ALL", "POSIX"}, "+ Zoë -> ... \n"},
		{[]string{"LANG", "en_US.UTF-8"}, text},
		{nil, text},
	} {
		var out bytes.Buffer
		w := Output(&out, getenvOf(tt.env...))
		b := []byte(text)
		for i := range b { // a byte at a time: every character arrives split
			if _, err := w.Write(b[i : i+1]); err != nil {
				t.Fatal(err)
			}
		}
		if out.String() != tt.want {
			t.Errorf("%v: %q, want %q", tt.env, out.String(), tt.want)
		}
	}
}
