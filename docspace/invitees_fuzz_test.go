package docspace

import (
	"bytes"
	"net/mail"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkList fails t unless l keeps the promises of InviteeList.
func checkList(t testing.TB, l InviteeList) {
	t.Helper()
	if n := len(l.Invitees) + l.Invalid + l.Duplicates; n != len(l.Entries) {
		t.Fatalf("%d invitees + %d invalid + %d duplicates = %d, but %d entries", len(l.Invitees), l.Invalid, l.Duplicates, n, len(l.Entries))
	}
	invalid, dups := 0, 0
	var firsts []string
	for i, e := range l.Entries {
		if e.Err != "" {
			invalid++
		}
		if e.Duplicate {
			dups++
		}
		if e.Err != "" && e.Duplicate {
			t.Fatalf("entry %d is both invalid and a duplicate: %+v", i, e)
		}
		if e.Line < 1 {
			t.Fatalf("entry %d has line %d", i, e.Line)
		}
		if e.Err == "" && !e.Duplicate {
			firsts = append(firsts, e.Invitee.Email)
		}
	}
	if invalid != l.Invalid || dups != l.Duplicates {
		t.Fatalf("counted %d invalid and %d duplicates in the entries; the list says %d and %d", invalid, dups, l.Invalid, l.Duplicates)
	}
	seen := make(map[string]bool, len(l.Invitees))
	for i, inv := range l.Invitees {
		if inv.IsGroup() {
			if inv.Email != "" || inv.GroupName() == "" || invisibleReason(inv.GroupName()) != "" || !utf8.ValidString(inv.GroupName()) || seen[inv.Key()] {
				t.Fatalf("group invitee %d: %+v", i, inv)
			}
			seen[inv.Key()] = true
			if i >= len(firsts) || firsts[i] != "" {
				t.Fatalf("group invitee %d is not the %dth valid, unique entry", i, i)
			}
			continue
		}
		e := inv.Email
		if strings.Count(e, "@") != 1 || strings.IndexFunc(e, unicode.IsSpace) >= 0 || !utf8.ValidString(e) {
			t.Fatalf("invitee %d has e-mail %q", i, e)
		}
		if utf8.RuneCountInString(e) > MaxEmailLength {
			t.Fatalf("invitee %d has a %d-character e-mail", i, utf8.RuneCountInString(e))
		}
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			t.Fatalf("invitee %d: net/mail does not accept %q as it is: %v, %v", i, e, a, err)
		}
		if domain := e[strings.IndexByte(e, '@')+1:]; domain != strings.ToLower(domain) {
			t.Fatalf("invitee %d: domain of %q is not lower case", i, e)
		}
		key := strings.ToLower(e)
		if seen[key] {
			t.Fatalf("invitee %q is listed twice", e)
		}
		seen[key] = true
		if inv.Access != AccessNone && !inv.Access.Valid() {
			t.Fatalf("invitee %q has access %d", e, inv.Access)
		}
		if inv.Line < 1 {
			t.Fatalf("invitee %q has line %d", e, inv.Line)
		}
		if invisibleReason(inv.Name) != "" || len(inv.Name) > maxNameLength || !utf8.ValidString(inv.Name) {
			t.Fatalf("invitee %q has name %q", e, inv.Name)
		}
		if i >= len(firsts) || firsts[i] != e {
			t.Fatalf("invitee %d %q is not the %dth valid, unique entry", i, e, i)
		}
	}
	if len(firsts) != len(l.Invitees) {
		t.Fatalf("%d valid unique entries but %d invitees", len(firsts), len(l.Invitees))
	}
}

// splitLines splits text the way ParseInvitees does: at "\r\n", "\r" and "\n".
func splitLines(text string) []string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

var pasteSeeds = []string{
	"jane@x.com",
	"Doe, Jane <Jane.Doe@Contoso.com>; Smith, Bob <bob@contoso.com>",
	`"Lee, Carl" <carl@x.net>, bob@x.org editor`,
	"Name\tEmail\tAccess\r\nJane\tjane@x.com\tEditor\r\n",
	"email,access,name\njane@x.com,editor,\"Doe, Jane\"\n",
	"mailto:jane@x.com?subject=hi\n<mailto:bob@x.com>\n[c@x.com](mailto:c@x.com)",
	"a@x.com=edtor\na@x.com room admin\nA@X.COM viewer",
	"jane@x\u200b.com \u202ebob@x.com \x00 \xff",
	"محمد <m@x.com>، דנה <d@x.co.il>",
	"“Jane” <j@x.com> (editor) = : ; | \" < ( \\",
}

func FuzzParseInvitees(f *testing.F) {
	for _, s := range pasteSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		l := ParseInvitees(text)
		checkList(t, l)

		lines := splitLines(text)
		var entries []Entry
		for i, line := range lines {
			entries = append(entries, ParseLine(line, i+1)...)
		}
		m := Merge(entries)
		if len(m.Entries) != len(l.Entries) || len(m.Invitees) != len(l.Invitees) {
			t.Fatalf("ParseInvitees gave %d entries, ParseLine per line and Merge %d", len(l.Entries), len(m.Entries))
		}
		for i := range m.Entries {
			if !reflect.DeepEqual(m.Entries[i], l.Entries[i]) { // a group's GroupRef by value
				t.Fatalf("entry %d differs:\n%+v\n%+v", i, l.Entries[i], m.Entries[i])
			}
			if e := l.Entries[i]; e.Line > len(lines) || i > 0 && e.Line < l.Entries[i-1].Line {
				t.Fatalf("entry %d has line %d of %d", i, e.Line, len(lines))
			}
		}
	})
}

func FuzzReadInviteesCSV(f *testing.F) {
	for _, s := range []string{
		"email,access,name\njane@x.com,editor,Jane Doe\nbob@x.com,,\"Smith, Bob\"\n",
		"\uFEFFName;E-Mail;Role\r\nJane;J@X.com;Viewer\r\n\r\n;;\r\n",
		"sep=;\nemail;access\na@x.com;edtor\n",
		"email,name\na@x.com,\"unclosed\nb@x.com,Bob\n\"c@x.com\",\"x\"y\n",
		"First Name\tLast Name\tEmail\nJane\tDoe\tjane@x.com\n",
		"email\r\"a\r\nb\"@x.com\r",
		"name,role\nJane,editor\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadInviteesCSV(bytes.NewReader(data))
		if err != nil {
			if len(l.Entries) != 0 {
				t.Fatalf("an error and %d entries", len(l.Entries))
			}
			return
		}
		checkList(t, l)
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
		for i, e := range l.Entries {
			if e.Line > lines {
				t.Fatalf("entry %d has line %d of at most %d", i, e.Line, lines)
			}
		}
	})
}

// FuzzReadAddress checks that the fast path of address validation never accepts
// what the explaining path refuses, and that accepted addresses are plain.
func FuzzReadAddress(f *testing.F) {
	for _, s := range []string{"jane@x.com", "Jane@X.Com", "a@b.cd", "a@1.2.3.4", "a@x-.io", "a.@x.io", "a@x..io", "ü@ü.de", "a@x.c0m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		email, reason := readAddress(s)
		if plainAddress(s) {
			if e, r := explainAddress(s); e != s || r != "" {
				t.Fatalf("plainAddress accepts %q; explainAddress gives %q, %q", s, e, r)
			}
		}
		if reason != "" {
			return
		}
		if strings.Count(email, "@") != 1 || strings.IndexFunc(email, unicode.IsSpace) >= 0 {
			t.Fatalf("%q accepted as %q", s, email)
		}
		if at := strings.IndexByte(s, '@'); at < 0 || email[:at+1] != s[:at+1] || email[at+1:] != strings.ToLower(s[at+1:]) {
			t.Fatalf("%q accepted as %q, which is not the same address with its domain lower-cased", s, email)
		}
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			t.Fatalf("net/mail does not accept %q: %v", email, err)
		}
	})
}
