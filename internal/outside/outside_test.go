package outside

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	long := strings.Repeat("名", MaxRunes+50)
	tests := []struct{ name, in, want string }{
		{"plain", "Sales onboarding", "Sales onboarding"},
		{"inner spaces kept", "  two  spaces ", "  two  spaces "},
		{"title change", "Q3\x1b]0;pwned\x07 plan", "Q3]0;pwned plan"},
		{"clipboard", "a\x1b]52;c;Y3VybA==\x07b", "a]52;c;Y3VybA==b"},
		{"hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "]8;;https://evil.example\\click]8;;\\"},
		{"clear screen", "Ann\x1b[2J\x1b[H", "Ann[2J[H"},
		{"8-bit CSI", "x\u009b31my", "x31my"},
		{"C1 as raw byte", "x\x9b31my", "x\ufffd31my"},
		{"bidi override", "evil\u202Etxt.exe", "eviltxt.exe"},
		{"isolates", "\u2066a\u2069", "a"},
		{"zero width", "pay\u200bpal\ufeff", "paypal"},
		{"newline and tab", "a\nb\tc\r\n", "a b c  "},
		{"line separator", "a\u2028b", "a b"},
		{"DEL", "a\x7fb", "ab"},
		{"NUL", "a\x00b", "ab"},
		{"invalid UTF-8", "a\xff\xfeb", "a\ufffd\ufffdb"},
		{"CJK kept", "営業チーム 🚀", "営業チーム 🚀"},
		{"emoji presentation kept", "❤️ Team", "❤️ Team"},
		{"long", long, strings.Repeat("名", MaxRunes) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"  a \n\t b  ", 0, "a b"},
		{"bad\x1b[31m value", 0, "bad [31m value"},
		{"a\u200bb", 10, "a b"},
		{"\x00x\x1by", 10, "x y"},
		{"\xff", 10, "\uFFFD"},
		{"abcdef", 3, "abc…"},
		{"ab  cd", 2, "ab…"},
		{"", 5, ""},
	}
	for _, tt := range tests {
		if got := Line(tt.in, tt.max); got != tt.want {
			t.Errorf("Line(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

type inner struct {
	Name string
	Tags []string
}

type named string

type outer struct {
	Title    string
	Kind     named
	Ptr      *inner
	List     []inner
	Map      map[string]string
	Any      any
	Raw      []byte
	private  string
	Count    int
	Children []*inner
}

func TestClean(t *testing.T) {
	v := outer{
		Title:    "t\x1b[2J",
		Kind:     named("k\u202e"),
		Ptr:      &inner{Name: "p\x07", Tags: []string{"x\x1b"}},
		List:     []inner{{Name: "l\u009b"}},
		Map:      map[string]string{"k\x1b": "v\x1b"},
		Any:      "a\x1b",
		Raw:      []byte("\x1b"),
		private:  "\x1b",
		Children: []*inner{nil, {Name: "c\x1b"}},
	}
	Clean(&v)
	checks := map[string]string{
		"Title": v.Title, "Kind": string(v.Kind), "Ptr.Name": v.Ptr.Name, "Ptr.Tags": v.Ptr.Tags[0],
		"List": v.List[0].Name, "Any": v.Any.(string), "Children": v.Children[1].Name,
	}
	for k, val := range v.Map {
		checks["map key"], checks["map value"] = k, val
	}
	for field, s := range checks {
		if !Safe(s) || strings.ContainsAny(s, "\x1b\x07\u009b\u202e") {
			t.Errorf("%s = %q after Clean", field, s)
		}
	}
	if string(v.Raw) != "\x1b" || v.private != "\x1b" {
		t.Error("Clean changed raw bytes or an unexported field")
	}
	Clean(nil)
	var np *outer
	Clean(np)
}

func TestSafe(t *testing.T) {
	for _, s := range []string{"", "abc", "名前", strings.Repeat("a", MaxRunes)} {
		if !Safe(s) {
			t.Errorf("Safe(%q) = false", s)
		}
	}
	for _, s := range []string{"\x1b", "a\u202e", "\xff", strings.Repeat("a", MaxRunes+1)} {
		if Safe(s) {
			t.Errorf("Safe(%q) = true", s)
		}
	}
}

// FuzzText checks the promises: valid UTF-8, nothing hidden, bounded, and cleaning
// twice changes nothing.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]52;c;eA==\x07", "\u009b2J", "a\u202eb", "\xff\xfe", "a\r\nb", "名\u200d前"} {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		for _, got := range []string{Text(s), Line(s, max%(2*MaxRunes))} {
			if !utf8.ValidString(got) {
				t.Fatalf("invalid UTF-8 from %q: %q", s, got)
			}
			for _, r := range got {
				if Unsafe(r) {
					t.Fatalf("unsafe U+%04X survives in %q (from %q)", r, got, s)
				}
			}
			if n := utf8.RuneCountInString(got); n > MaxRunes+1 {
				t.Fatalf("%d characters from %q", n, s)
			}
		}
		if once := Text(s); Text(once) != once {
			t.Fatalf("Text is not idempotent on %q", s)
		}
		if m := max%(2*MaxRunes) + 1; m > 0 {
			if once := Line(s, m); Line(once, m+1) != once {
				t.Fatalf("Line is not idempotent on %q", s)
			}
		}
	})
}

// A joiner inside an emoji sequence is part of what the admin sees (one family, one
// flag) and is kept; anywhere else it is an invisible character and dropped.
func TestJoinerKeptOnlyInsideEmoji(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"👨\u200d👩\u200d👧 Family", "👨\u200d👩\u200d👧 Family"},
		{"🏳\ufe0f\u200d🌈 Pride", "🏳\ufe0f\u200d🌈 Pride"},
		{"👩🏽\u200d💻 Dev", "👩🏽\u200d💻 Dev"},
		{"ad\u200dmin", "admin"},
		{"👨\u200d", "👨"},
		{"\u200d👩", "👩"},
		{"x\u200d👩", "x👩"},
		{"👨\u200d\u200d👩", "👨\u200d👩"},
	} {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
		if got := Text(Text(tt.in)); got != Text(tt.in) {
			t.Errorf("Text is not stable on %+q: %+q", tt.in, got)
		}
	}
}
