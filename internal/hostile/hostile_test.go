package hostile

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// recorder is a testing.TB that records failures instead of failing, to prove the
// checks can fail.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

const portal = "https://portal.example"

func TestCatalogue(t *testing.T) {
	c := Catalogue()
	if len(c) < 24 {
		t.Fatalf("%d entries, want at least 24", len(c))
	}
	seen := map[string]bool{}
	for _, e := range c {
		if seen[e.Marker] || seen[e.Token] {
			t.Errorf("%s: marker or token used twice", e.Name)
		}
		seen[e.Marker], seen[e.Token] = true, true
		if !strings.Contains(e.Payload, e.Marker) || !strings.Contains(e.Payload, e.Sig) || e.Sig == "" {
			t.Errorf("%s: payload %q lacks its marker or signature", e.Name, e.Payload)
		}
		if strings.Contains(outside.Text(e.Payload), e.Sig) {
			t.Errorf("%s: the signature survives outside.Text, so it proves nothing", e.Name)
		}
		if !strings.Contains(outside.Text(e.Payload), e.Marker) {
			t.Errorf("%s: the marker does not survive outside.Text", e.Name)
		}
	}
	// The catalogue and what cleaning makes of each entry, as testdata/TestCatalogue.golden
	// (RELIABILITY.md links it); go test -update rewrites it.
	var b strings.Builder
	b.WriteString("# Hostile catalogue\n\nEach entry as a portal or a file could send it, and what `outside.Text` makes of it (Go-quoted, cut at 60 characters).\n\n")
	b.WriteString("| marker | what it tries | raw | cleaned |\n|---|---|---|---|\n")
	cell := func(s string) string {
		q := strconv.QuoteToASCII(s)
		if r := []rune(q); len(r) > 60 {
			q = string(r[:60]) + "…"
		}
		return "`" + strings.ReplaceAll(q, "|", `\|`) + "`"
	}
	for _, e := range c {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", e.Marker, e.Name, cell(e.Payload), cell(outside.Text(e.Payload)))
	}
	golden.RequireEqual(t, b.String())
}

// Every raw entry fails Check, CheckScreen and CheckSigs; its cleaned form passes
// them all, alone and inside the wizard's own styles and room link.
func TestChecksCatchEveryRawEntry(t *testing.T) {
	for _, e := range Catalogue() {
		t.Run(e.Marker, func(t *testing.T) {
			for _, raw := range []string{e.Payload, "Room: " + e.Payload + " (Custom)\n"} {
				r := &recorder{TB: t}
				Check(r, "raw", []byte(raw))
				if len(r.failed) == 0 {
					t.Errorf("Check passes the raw %s: %q", e.Name, clip(raw))
				}
				r = &recorder{TB: t}
				CheckScreen(r, "raw", "\x1b[1m"+raw+"\x1b[0m", portal)
				if len(r.failed) == 0 {
					t.Errorf("CheckScreen passes the raw %s: %q", e.Name, clip(raw))
				}
				r = &recorder{TB: t}
				CheckSigs(r, "raw", []byte(raw), []Entry{e})
				if len(r.failed) == 0 {
					t.Errorf("CheckSigs passes the raw %s", e.Name)
				}
			}
			for _, clean := range []string{outside.Text(e.Payload), outside.Line(e.Payload, 200)} {
				Check(t, "outside.Text", []byte("Room: "+clean+"\n"))
				styled := "\x1b[1;38;5;8m" + clean + "\x1b[0m \x1b]8;;" + portal + "/rooms/shared/101/filter?folder=101\x07link\x1b]8;;\x07\r\n"
				CheckScreen(t, "outside.Text styled", styled, portal)
				CheckSigs(t, "outside.Text", []byte(clean), Catalogue())
			}
		})
	}
}

func TestCheckScreenSequences(t *testing.T) {
	ok := []string{
		"\x1b[m\x1b[0m\x1b[1;4;38;2;10;20;30;48;5;6mtext\x1b[39;49m",
		"\x1b[38:2::1:2:3mtext\x1b[0m",
		"\x1b]8;;" + portal + "/rooms/shared/7/filter?folder=7\x1b\\7\x1b]8;;\x1b\\",
		"\x1b]8;id=1;" + portal + "/rooms/shared/7/filter?folder=7\x07x\x1b]8;;\x07",
		"wide 会议室 text\r\n",
	}
	for _, s := range ok {
		if ps := ScreenProblems(s, portal); len(ps) > 0 {
			t.Errorf("%q: %v", s, ps)
		}
	}
	bad := []string{
		"\x1b[5mblink",
		"\x1b[1;6m",
		"\x1b[0;8m",
		"\x1b[2J",
		"\x1b[H",
		"\x1b[?25l",
		"\x1b]8;;https://evil.example\x07x\x1b]8;;\x07",
		"\x1b]8;;" + portal + "/rooms/shared/7/filter?folder=7&x=1\x07x",
		"\x1b]8;;" + portal + ".evil.example/rooms/shared/7/filter?folder=7\x07x",
		"\x1b]0;title\x07",
		"\x1b]52;c;aGk=\x07",
		"\x1b]8;;" + portal, // unterminated
		"\x1bc",
		"\x1b7",
		"\u009b2J",
		"a\u202eb",
		"a\u200db",
		"a\rb",
		"x\nFake: line",
	}
	for _, s := range bad {
		if ps := ScreenProblems(s, portal); len(ps) == 0 {
			t.Errorf("%q passes CheckScreen", s)
		}
	}
	// Check (no escape allowed at all) refuses even the wizard's own styles.
	if len(Problems([]byte("\x1b[1mbold\x1b[0m"))) == 0 {
		t.Error("Check passes SGR")
	}
	// Long lines are fine.
	if ps := Problems([]byte(strings.Repeat("x", 20000) + "\n")); len(ps) > 0 {
		t.Errorf("a long line: %v", ps)
	}
}

func TestMiddleware(t *testing.T) {
	c := Catalogue()
	var seeded strings.Builder
	seeded.WriteString(`{"response":[`)
	for i, e := range c {
		if i > 0 {
			seeded.WriteString(",")
		}
		fmt.Fprintf(&seeded, `{"title":"Room %s","n":%d}`, e.Token, i)
	}
	seeded.WriteString(`],"status":0}`)
	srv := httptest.NewServer(Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(seeded.Len()))
		w.WriteHeader(http.StatusTeapot)
		_, _ = io.WriteString(w, seeded.String())
	}), Subst(c)))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusTeapot || resp.ContentLength != int64(len(body)) || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("status %d, length %d of %d, type %q", resp.StatusCode, resp.ContentLength, len(body), resp.Header.Get("Content-Type"))
	}
	if !strings.Contains(string(body), "\xff\xfe") {
		t.Error("invalid UTF-8 did not reach the wire raw")
	}
	var got struct {
		Response []struct{ Title string } `json:"response"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("not JSON any more: %v", err)
	}
	for i, e := range c {
		want := "Room " + strings.ToValidUTF8(e.Payload, "\ufffd")
		if g := strings.ToValidUTF8(got.Response[i].Title, "\ufffd"); g != want && !utf8.ValidString(e.Payload) {
			// Go's decoder turns each invalid byte into its own U+FFFD.
			continue
		} else if g != want {
			t.Errorf("%s: decoded %q, want %q", e.Marker, clip(g), clip(want))
		}
	}
}
