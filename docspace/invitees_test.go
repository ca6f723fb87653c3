package docspace

import (
	"fmt"
	"strings"
	"testing"
)

// want is the part of an Entry a test checks.
type want struct {
	email  string
	name   string
	access Access
	err    string
}

func got(e Entry) want {
	return want{e.Invitee.Email, e.Invitee.Name, e.Invitee.Access, e.Err}
}

const accessHelp = "use one of room-admin, content-creator, editor, reviewer, commenter, viewer, form-filler"

func TestParseLine(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []want
	}{
		// Plain addresses and the case rule.
		{"plain", "jane@example.com", []want{{email: "jane@example.com"}}},
		{"domain lower-cased, local part kept", "Jane.Doe@Example.COM", []want{{email: "Jane.Doe@example.com"}}},
		{"surrounding spaces", "   jane@example.com   ", []want{{email: "jane@example.com"}}},
		{"plus and dots", "jane.doe+rooms@mail.example.co.uk", []want{{email: "jane.doe+rooms@mail.example.co.uk"}}},

		// Separators.
		{"commas", "a@x.com, b@y.com,c@z.org", []want{{email: "a@x.com"}, {email: "b@y.com"}, {email: "c@z.org"}}},
		{"semicolons", "a@x.com; b@y.com;c@z.org;", []want{{email: "a@x.com"}, {email: "b@y.com"}, {email: "c@z.org"}}},
		{"spaces and tabs", "a@x.com  b@y.com\tc@z.org", []want{{email: "a@x.com"}, {email: "b@y.com"}, {email: "c@z.org"}}},
		{"full-width comma", "a@x.com，b@y.com", []want{{email: "a@x.com"}, {email: "b@y.com"}}},
		{"no-break space", "a@x.com\u00a0b@y.com", []want{{email: "a@x.com"}, {email: "b@y.com"}}},

		// Names.
		{"name in angle brackets", "Jane Doe <jane@x.com>", []want{{email: "jane@x.com", name: "Jane Doe"}}},
		{"three-word name", "Jane Mary Doe <jane@x.com>", []want{{email: "jane@x.com", name: "Jane Mary Doe"}}},
		{"quoted name with comma", `"Doe, Jane" <jane@x.com>`, []want{{email: "jane@x.com", name: "Doe, Jane"}}},
		{"quoted name with escapes", `"Jane \"JJ\" Doe" <jane@x.com>`, []want{{email: "jane@x.com", name: `Jane "JJ" Doe`}}},
		{"single-quoted name (Outlook)", "'Jane Doe' <jane@x.com>", []want{{email: "jane@x.com", name: "Jane Doe"}}},
		{"smart quotes (Word)", "“Doe, Jane” <jane@x.com>", []want{{email: "jane@x.com", name: "Doe, Jane"}}},
		{"name equal to the address is dropped", `"jane@x.com" <jane@x.com>`, []want{{email: "jane@x.com"}}},
		{"no space before the bracket", "Jane<jane@x.com>", []want{{email: "jane@x.com", name: "Jane"}}},
		{"empty angle brackets name nobody", "Jane <>", []want{{err: reasonNoAddress}}},
		{"comment after the address", "jane@x.com (Jane Doe)", []want{{email: "jane@x.com", name: "Jane Doe"}}},
		{"address in parentheses", "Jane Doe (jane@x.com)", []want{{email: "jane@x.com", name: "Jane Doe"}}},
		{"quoted name before a bare address", `"Jane Doe" jane@x.com`, []want{{email: "jane@x.com", name: "Jane Doe"}}},
		{"MIME encoded name", "=?UTF-8?B?SsO8cmdlbg==?= <j@x.com>", []want{{email: "j@x.com", name: "Jürgen"}}},
		{"Arabic name", "محمد علي <m@x.com>", []want{{email: "m@x.com", name: "محمد علي"}}},
		{"Hebrew name and IDN domain", "דנה כהן <Dana@Bücher.DE>", []want{{email: "Dana@bücher.de", name: "דנה כהן"}}},
		{"escape codes removed from names", "\x1b[31mEvil\x1b[0m <e@x.com>", []want{{email: "e@x.com", name: "[31mEvil[0m"}}},

		// mailto.
		{"mailto", "mailto:jane@x.com", []want{{email: "jane@x.com"}}},
		{"mailto upper case", "MAILTO:Jane@X.com", []want{{email: "Jane@x.com"}}},
		{"mailto with query", "mailto:jane@x.com?subject=Room%20invite&body=hi", []want{{email: "jane@x.com"}}},
		{"mailto in brackets", "Jane <mailto:jane@x.com?subject=x>", []want{{email: "jane@x.com", name: "Jane"}}},
		{"mailto percent-encoded", "mailto:jane%40x.com", []want{{email: "jane@x.com"}}},
		{"Markdown link", "[jane@x.com](mailto:jane@x.com)", []want{{email: "jane@x.com"}}},
		{"Markdown link with a name", "[Jane Doe](mailto:jane@x.com)", []want{{email: "jane@x.com", name: "Jane Doe"}}},

		// Access per entry.
		{"=access", "a@x.com=editor", []want{{email: "a@x.com", access: AccessEditing}}},
		{":access", "a@x.com:commenter", []want{{email: "a@x.com", access: AccessComment}}},
		{"colon then space", "a@x.com: viewer", []want{{email: "a@x.com", access: AccessRead}}},
		{"spaced =", "a@x.com = reviewer", []want{{email: "a@x.com", access: AccessReview}}},
		{", access", "a@x.com,editor", []want{{email: "a@x.com", access: AccessEditing}}},
		{"space access", "a@x.com Editor", []want{{email: "a@x.com", access: AccessEditing}}},
		{"tab access", "a@x.com\tviewer", []want{{email: "a@x.com", access: AccessRead}}},
		{"; access", "a@x.com;form filler", []want{{email: "a@x.com", access: AccessFillForms}}},
		{"two-word access", "a@x.com room admin", []want{{email: "a@x.com", access: AccessRoomManager}}},
		{"two-word access after =", "a@x.com=Content creator", []want{{email: "a@x.com", access: AccessContentCreator}}},
		{"quoted access after =", `a@x.com="read only"`, []want{{email: "a@x.com", access: AccessRead}}},
		{"API name", "a@x.com,ContentCreator", []want{{email: "a@x.com", access: AccessContentCreator}}},
		{"access number", "a@x.com,10", []want{{email: "a@x.com", access: AccessEditing}}},
		{"a comment is never an access level", "a@x.com (manager)", []want{{email: "a@x.com", name: "manager"}}},
		{"access after a named address", "Jane <a@x.com> viewer", []want{{email: "a@x.com", name: "Jane", access: AccessRead}}},
		{"access after brackets with =", "<a@x.com>=editor", []want{{email: "a@x.com", access: AccessEditing}}},
		{"access per entry in a list", "a@x.com, editor, b@y.com, viewer, c@z.org",
			[]want{{email: "a@x.com", access: AccessEditing}, {email: "b@y.com", access: AccessRead}, {email: "c@z.org"}}},
		{"access then a named address", "Jane <j@x.com> editor, Bob <b@x.com>",
			[]want{{email: "j@x.com", name: "Jane", access: AccessEditing}, {email: "b@x.com", name: "Bob"}}},
		{"a word before brackets is a name, not an access", "a@x.com Editor <e@x.com>",
			[]want{{email: "a@x.com"}, {email: "e@x.com", name: "Editor"}}},

		// Outlook and Gmail lists.
		{"Outlook list", "Doe, Jane <Jane.Doe@Contoso.com>; Smith, Bob <bob@contoso.com>; 'Carl Lee' <carl@fabrikam.com>",
			[]want{{email: "Jane.Doe@contoso.com", name: "Doe, Jane"}, {email: "bob@contoso.com", name: "Smith, Bob"}, {email: "carl@fabrikam.com", name: "Carl Lee"}}},
		{"Gmail list", `Jane Doe <jane@gmail.com>, bob@example.org, "Lee, Carl" <carl@example.net>`,
			[]want{{email: "jane@gmail.com", name: "Jane Doe"}, {email: "bob@example.org"}, {email: "carl@example.net", name: "Lee, Carl"}}},

		// Spreadsheet and CSV rows.
		{"Excel row name, email, access", "Jane Doe\tjane@x.com\tEditor", []want{{email: "jane@x.com", name: "Jane Doe", access: AccessEditing}}},
		{"Excel row split name", "1\tJane\tDoe\tjane@x.com\tviewer", []want{{email: "jane@x.com", name: "Jane Doe", access: AccessRead}}},
		{"Excel row email, name", "edith@x.com\tEdith Smith", []want{{email: "edith@x.com", name: "Edith Smith"}}},
		{"Excel row empty cells", "\tjane@x.com\t\t", []want{{email: "jane@x.com"}}},
		{"CSV row email, access, name", "jane@x.com,editor,Jane Doe", []want{{email: "jane@x.com", name: "Jane Doe", access: AccessEditing}}},
		{"CSV row with quotes", `"Doe, Jane","jane@x.com","viewer"`, []want{{email: "jane@x.com", name: "Doe, Jane", access: AccessRead}}},
		{"Markdown table row", "| Jane Doe | jane@x.com | editor |", []want{{email: "jane@x.com", name: "Jane Doe", access: AccessEditing}}},
		{"an access word before the address is a job title", "Manager\tjane@x.com\tviewer", []want{{email: "jane@x.com", name: "Manager", access: AccessRead}}},
		{"second access in a row is stray", "jane@x.com,editor,viewer",
			[]want{{email: "jane@x.com", access: AccessEditing}, {err: reasonLoneAccess}}},

		// Lines that hold nobody.
		{"blank", "  \t ", nil},
		{"header", "email,access,name", nil},
		{"header with tabs and case", "Name\tE-Mail Address\tRole", nil},
		{"header with semicolons", `"Display Name";"Email";"Access"`, nil},
		{"bullet", "• jane@x.com", []want{{email: "jane@x.com"}}},
		{"dash", "- jane@x.com", []want{{email: "jane@x.com"}}},
		{"numbered", "12. jane@x.com", []want{{email: "jane@x.com"}}},
		{"BOM", "\uFEFFjane@x.com", []want{{email: "jane@x.com"}}},

		// Stray words.
		{"a name alone", "Jane Doe", []want{{err: reasonNoAddress}}},
		{"a name before a list address", "Jane Doe, bob@x.com", []want{{err: reasonNoAddress}, {email: "bob@x.com"}}},
		{"a sentence", "please add a@x.com as editor",
			[]want{{err: reasonNoAddress}, {email: "a@x.com"}, {err: reasonNoAddress}}},
		{"a lone access level", "editor", []want{{err: reasonLoneAccess}}},
		{"an address without @", "jane.doe.example.com", []want{{err: reasonMissingAt}}},
		{"a word in a list", "a@x.com, Jane, b@x.com", []want{{email: "a@x.com"}, {err: reasonNoAddress}, {email: "b@x.com"}}},
		{"an invisible word", "a@x.com \u200b b@x.com", []want{{email: "a@x.com"}, {err: "contains an invisible character (U+200B)"}, {email: "b@x.com"}}},
		{"a header word in a data line is not a header", "email jane@x.com", []want{{err: reasonNoAddress}, {email: "jane@x.com"}}},

		// Access problems.
		{"misspelt access after a space", "a@x.com edtor", []want{{email: "a@x.com", err: `unknown access level "edtor": ` + accessHelp}}},
		{"misspelt access after a comma", "a@x.com, veiwer", []want{{email: "a@x.com", err: `unknown access level "veiwer": ` + accessHelp}}},
		{"unknown access after =", "a@x.com=boss", []want{{email: "a@x.com", err: `unknown access level "boss": ` + accessHelp}}},
		{"empty access after =", "a@x.com=", []want{{email: "a@x.com", err: "empty access level: " + accessHelp}}},
		{"access 0 would remove access", "a@x.com 0", []want{{email: "a@x.com", err: "access 0 is not a room access level: " + accessHelp}}},
		{"access 1 is not for rooms", "a@x.com=1", []want{{email: "a@x.com", err: "access 1 is not a room access level: " + accessHelp}}},
		{"an address error wins over an access error", "a@x=edtor", []want{{email: "a@x", err: `domain "x" has no dot`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := ParseLine(tt.line, 7)
			if len(es) != len(tt.want) {
				t.Fatalf("ParseLine(%q) gave %d entries, want %d: %+v", tt.line, len(es), len(tt.want), es)
			}
			for i, e := range es {
				if g := got(e); g != tt.want[i] {
					t.Errorf("entry %d of %q:\n got %+v\nwant %+v", i, tt.line, g, tt.want[i])
				}
				if e.Line != 7 || e.Invitee.Line != 7 {
					t.Errorf("entry %d: Line %d, Invitee.Line %d, want 7", i, e.Line, e.Invitee.Line)
				}
				if e.Raw == "" || !strings.Contains(strings.TrimPrefix(tt.line, "\uFEFF"), e.Raw) {
					t.Errorf("entry %d: Raw %q is not part of the line", i, e.Raw)
				}
			}
		})
	}
}

func TestParseLineRaw(t *testing.T) {
	tests := []struct{ line, raw string }{
		{"Doe, Jane <jane@x.com>; bob@x.com", "Doe, Jane <jane@x.com>"},
		{"  a@x.com=editor  ", "a@x.com=editor"},
		{"a@x.com room admin, b@x.com", "a@x.com room admin"},
		{"Jane\tjane@x.com\teditor", "Jane\tjane@x.com\teditor"},
	}
	for _, tt := range tests {
		if es := ParseLine(tt.line, 1); len(es) == 0 || es[0].Raw != tt.raw {
			t.Errorf("ParseLine(%q)[0].Raw: got %+v, want %q", tt.line, es, tt.raw)
		}
	}
}

func TestParseInviteesPastes(t *testing.T) {
	type inv struct {
		email, name string
		access      Access
		line        int
	}
	tests := []struct {
		name                string
		text                string
		want                []inv
		invalid, duplicates int
	}{
		{
			name: "Outlook To line",
			text: "Doe, Jane <Jane.Doe@Contoso.com>; Smith, Bob <bob.smith@contoso.com>; 'Lee, Carl' <carl@fabrikam.com>;",
			want: []inv{{"Jane.Doe@contoso.com", "Doe, Jane", 0, 1}, {"bob.smith@contoso.com", "Smith, Bob", 0, 1}, {"carl@fabrikam.com", "Lee, Carl", 0, 1}},
		},
		{
			name:       "Gmail comma list over two lines",
			text:       "Jane Doe <jane@gmail.com>, bob@example.org,\r\n\"Lee, Carl\" <carl@example.net>, Jane@Gmail.com",
			want:       []inv{{"jane@gmail.com", "Jane Doe", 0, 1}, {"bob@example.org", "", 0, 1}, {"carl@example.net", "Lee, Carl", 0, 2}},
			duplicates: 1,
		},
		{
			name:       "Excel column with header",
			text:       "Email\njane@x.com\nbob@x.com\nJANE@X.COM\n\n",
			want:       []inv{{"jane@x.com", "", 0, 2}, {"bob@x.com", "", 0, 3}},
			duplicates: 1,
		},
		{
			name: "Excel columns pasted with tabs",
			text: "Name\tEmail\tAccess\r\nJane Doe\tjane@x.com\tEditor\r\nBob\tbob@x.com\tViewer\r\nCarl\tcarl@x.com\t\r\n",
			want: []inv{{"jane@x.com", "Jane Doe", AccessEditing, 2}, {"bob@x.com", "Bob", AccessRead, 3}, {"carl@x.com", "Carl", 0, 4}},
		},
		{
			name: "CSV with quotes pasted",
			text: "email,access,name\njane@x.com,editor,\"Doe, Jane\"\n\"bob@x.com\",\"viewer\",\"Bob\"\n",
			want: []inv{{"jane@x.com", "Doe, Jane", AccessEditing, 2}, {"bob@x.com", "Bob", AccessRead, 3}},
		},
		{
			name: "mailto links",
			text: "mailto:jane@x.com?subject=Welcome\n<mailto:bob@x.com>\n[carl@x.com](mailto:carl@x.com)",
			want: []inv{{"jane@x.com", "", 0, 1}, {"bob@x.com", "", 0, 2}, {"carl@x.com", "", 0, 3}},
		},
		{
			name: "one address per line with access",
			text: "jane@x.com editor\nbob@x.com=viewer\ncarl@x.com,room admin\r\rdan@x.com",
			want: []inv{{"jane@x.com", "", AccessEditing, 1}, {"bob@x.com", "", AccessRead, 2}, {"carl@x.com", "", AccessRoomManager, 3}, {"dan@x.com", "", 0, 5}},
		},
		{
			name:       "duplicates merged, access and name taken from later lines",
			text:       "jane@x.com\nJane Doe <JANE@x.com>=editor\njane@X.COM editor\n",
			want:       []inv{{"jane@x.com", "Jane Doe", AccessEditing, 1}},
			duplicates: 2,
		},
		{
			name:    "conflicting access and invalid lines",
			text:    "jane@x.com=editor\nbob@x\njane@x.com viewer\nJane\n",
			want:    []inv{{"jane@x.com", "", AccessEditing, 1}},
			invalid: 3,
		},
		{
			name: "old Mac line endings",
			text: "a@x.com\rb@x.com\r",
			want: []inv{{"a@x.com", "", 0, 1}, {"b@x.com", "", 0, 2}},
		},
		{
			name: "nothing",
			text: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := ParseInvitees(tt.text)
			checkList(t, l)
			var g []inv
			for _, i := range l.Invitees {
				g = append(g, inv{i.Email, i.Name, i.Access, i.Line})
			}
			if fmt.Sprint(g) != fmt.Sprint(tt.want) {
				t.Errorf("invitees:\n got %v\nwant %v", g, tt.want)
			}
			if l.Invalid != tt.invalid || l.Duplicates != tt.duplicates {
				t.Errorf("Invalid %d, Duplicates %d; want %d, %d (entries %+v)", l.Invalid, l.Duplicates, tt.invalid, tt.duplicates, l.Entries)
			}
		})
	}
}

// TestParseInviteesIsParseLinePlusMerge guards the promise that callers may cache
// ParseLine per line and Merge the results themselves.
func TestParseInviteesIsParseLinePlusMerge(t *testing.T) {
	text := "Email\r\nDoe, Jane <jane@x.com>; bob@x.com editor\n\nJane@x.com=viewer\rbad@\nmailto:carl@x.com\n"
	var entries []Entry
	lines := []string{"Email", "Doe, Jane <jane@x.com>; bob@x.com editor", "", "Jane@x.com=viewer", "bad@", "mailto:carl@x.com"}
	for i, line := range lines {
		entries = append(entries, ParseLine(line, i+1)...)
	}
	a, b := ParseInvitees(text), Merge(entries)
	if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
		t.Errorf("ParseInvitees and ParseLine+Merge differ:\n%+v\n%+v", a, b)
	}
	if a.Invalid != 1 || a.Duplicates != 1 || len(a.Invitees) != 3 || a.Invitees[0].Access != AccessRead {
		t.Errorf("got %d invalid, %d duplicates and invitees %+v; want 1, 1 and 3 with Jane a Viewer", a.Invalid, a.Duplicates, a.Invitees)
	}
}

func TestMerge(t *testing.T) {
	e := func(line int, email string, a Access) Entry {
		return Entry{Line: line, Raw: email, Invitee: Invitee{Email: email, Access: a}}
	}
	named := func(en Entry, name string) Entry { en.Invitee.Name = name; return en }
	bad := func(line int, raw string) Entry { return Entry{Line: line, Raw: raw, Err: "missing @"} }
	tests := []struct {
		name         string
		in           []Entry
		invitees     []Invitee
		errs         []string // Err of each entry after merging
		dups         []bool   // Duplicate of each entry
		inval, dupes int
	}{
		{
			name:     "unique addresses keep their order",
			in:       []Entry{e(1, "b@x.com", 0), e(2, "a@x.com", AccessRead)},
			invitees: []Invitee{{Email: "b@x.com", Line: 1}, {Email: "a@x.com", Access: AccessRead, Line: 2}},
			errs:     []string{"", ""}, dups: []bool{false, false},
		},
		{
			name:     "case-insensitive duplicate without access",
			in:       []Entry{e(1, "Jane@x.com", AccessEditing), e(2, "jane@x.com", 0)},
			invitees: []Invitee{{Email: "Jane@x.com", Access: AccessEditing, Line: 1}},
			errs:     []string{"", ""}, dups: []bool{false, true}, dupes: 1,
		},
		{
			name:     "the first takes a later access and name",
			in:       []Entry{e(1, "jane@x.com", 0), named(e(3, "JANE@x.com", AccessComment), "Jane")},
			invitees: []Invitee{{Email: "jane@x.com", Name: "Jane", Access: AccessComment, Line: 1}},
			errs:     []string{"", ""}, dups: []bool{false, true}, dupes: 1,
		},
		{
			name:     "same access twice",
			in:       []Entry{e(1, "jane@x.com", AccessRead), e(2, "jane@x.com", AccessRead)},
			invitees: []Invitee{{Email: "jane@x.com", Access: AccessRead, Line: 1}},
			errs:     []string{"", ""}, dups: []bool{false, true}, dupes: 1,
		},
		{
			name:     "different access is an error on the later entry",
			in:       []Entry{e(1, "jane@x.com", AccessEditing), e(2, "jane@x.com", 0), e(3, "Jane@x.com", AccessRead)},
			invitees: []Invitee{{Email: "jane@x.com", Access: AccessEditing, Line: 1}},
			errs:     []string{"", "", "listed twice with different access (Editor, then Viewer)"},
			dups:     []bool{false, true, false}, inval: 1, dupes: 1,
		},
		{
			name:     "an access taken from a duplicate counts for later conflicts",
			in:       []Entry{e(1, "jane@x.com", 0), e(2, "jane@x.com", AccessRoomManager), e(3, "jane@x.com", AccessFillForms)},
			invitees: []Invitee{{Email: "jane@x.com", Access: AccessRoomManager, Line: 1}},
			errs:     []string{"", "", "listed twice with different access (Room admin, then Form filler)"},
			dups:     []bool{false, true, false}, inval: 1, dupes: 1,
		},
		{
			name:     "invalid entries are counted, not merged",
			in:       []Entry{bad(1, "jane"), e(2, "jane@x.com", 0), bad(3, "jane")},
			invitees: []Invitee{{Email: "jane@x.com", Line: 2}},
			errs:     []string{"missing @", "", "missing @"}, dups: []bool{false, false, false}, inval: 2,
		},
		{
			name: "an entry without address or reason is invalid",
			in:   []Entry{{Line: 4, Raw: "?"}},
			errs: []string{reasonNoAddress}, dups: []bool{false}, inval: 1,
			invitees: []Invitee{},
		},
		{
			name:     "stale Duplicate flags are recomputed",
			in:       []Entry{{Line: 1, Invitee: Invitee{Email: "a@x.com"}, Duplicate: true}},
			invitees: []Invitee{{Email: "a@x.com", Line: 1}},
			errs:     []string{""}, dups: []bool{false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fmt.Sprintf("%+v", tt.in)
			l := Merge(tt.in)
			if after := fmt.Sprintf("%+v", tt.in); after != before {
				t.Errorf("Merge changed its input:\n%s\n%s", before, after)
			}
			checkList(t, l)
			if fmt.Sprintf("%+v", l.Invitees) != fmt.Sprintf("%+v", tt.invitees) {
				t.Errorf("invitees:\n got %+v\nwant %+v", l.Invitees, tt.invitees)
			}
			for i, en := range l.Entries {
				if en.Err != tt.errs[i] || en.Duplicate != tt.dups[i] {
					t.Errorf("entry %d: Err %q Duplicate %v; want %q %v", i, en.Err, en.Duplicate, tt.errs[i], tt.dups[i])
				}
			}
			if l.Invalid != tt.inval || l.Duplicates != tt.dupes {
				t.Errorf("Invalid %d Duplicates %d; want %d %d", l.Invalid, l.Duplicates, tt.inval, tt.dupes)
			}
		})
	}
}

func TestTooManyEntries(t *testing.T) {
	t.Run("lines", func(t *testing.T) {
		l := ParseInvitees(strings.Repeat("a@x.com\n", MaxEntries+10))
		checkList(t, l)
		last := l.Entries[len(l.Entries)-1]
		if len(l.Entries) != MaxEntries+1 || last.Line != MaxEntries+1 ||
			last.Err != "more than 100000 entries: this one and everything after it were not read; add them in another batch" {
			t.Errorf("%d entries, last %+v", len(l.Entries), last)
		}
	})
	t.Run("one line", func(t *testing.T) {
		es := ParseLine(strings.Repeat("a@x.com,", MaxEntries+10), 3)
		if len(es) != MaxEntries+1 || !strings.HasPrefix(es[MaxEntries].Err, "more than 100000 entries") {
			t.Errorf("%d entries, last %+v", len(es), es[len(es)-1])
		}
	})
	t.Run("too many tokens on a line", func(t *testing.T) {
		l := ParseInvitees(strings.Repeat("word ", maxLineItems+10) + "\nb@x.com")
		checkList(t, l)
		if len(l.Entries) != 3 || l.Entries[1].Err != "too much text on one line: the rest of the line was not read; split it into shorter lines" ||
			len(l.Invitees) != 1 || l.Invitees[0].Line != 2 {
			t.Errorf("entries %d: %+v", len(l.Entries), l.Entries[1:])
		}
	})
}

// consistent, and (with linear algorithms) finish quickly.
func TestHostileInput(t *testing.T) {
	size := 10 << 20
	if testing.Short() {
		size = 1 << 20
	}
	rep := func(s string) string { return strings.Repeat(s, size/len(s)) }
	tests := map[string]string{
		"open angles":        rep("<"),
		"open parens":        rep("("),
		"quotes":             rep(`"`),
		"escaped quotes":     `"` + rep(`\"`),
		"open smart quotes":  rep("“"),
		"NULs":               rep("\x00"),
		"invalid UTF-8":      rep("\xff\xfe@\xc3"),
		"RTL override":       rep("\u202ejane@x.com "),
		"one huge word":      rep("a"),
		"one huge address":   rep("a") + "@x.com",
		"huge name":          rep("Jane ") + "<j@x.com>",
		"many addresses":     rep("a@b.co,"),
		"many lines":         rep("a@b.co\n"),
		"many stray words":   rep("word "),
		"many equals":        "a@x.com" + rep("="),
		"nested brackets":    rep("<(\"“"),
		"many access words":  "a@x.com " + rep("editor "),
		"mixed line endings": rep("a@b.co\r\n\r\n\n\r"),
		"arabic text":        rep("محمد <m@x.com>، "),
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			checkList(t, ParseInvitees(text))
		})
	}
	t.Run("CSV", func(t *testing.T) {
		for name, text := range map[string]string{
			"quotes":          "email\n" + rep(`"`),
			"unclosed quotes": "email,name\n" + rep("a@x.com,\"x\n"),
			"broken quotes":   "email\n" + rep("\"x\"y\n"),
			"NULs":            "email\n" + rep("\x00"),
			"long row":        "email\n" + rep("a@x.com,"),
		} {
			l, err := ReadInviteesCSV(strings.NewReader(text[:min(len(text), MaxInviteesFileSize)]))
			if err != nil {
				t.Logf("%s: %v", name, err)
				continue
			}
			checkList(t, l)
		}
	})
}

func TestNamesAreSafeToPrint(t *testing.T) {
	for _, line := range []string{
		"\x1b]0;pwned\x07Jane <j@x.com>",
		"\"Jane\u202eeod\" <j@x.com>",
		"Jane\x00Doe\tj@x.com",
		"\"\xffJane\" <j@x.com>",
		strings.Repeat("Jane ", 100) + "<j@x.com>",
	} {
		for _, e := range ParseLine(line, 1) {
			n := e.Invitee.Name
			if invisibleReason(n) != "" || len(n) > maxNameLength {
				t.Errorf("ParseLine(%q): name %q has invisible characters or is too long", line, n)
			}
		}
	}
}

// benchPaste builds a paste of n addresses in the shapes admins paste, one in ten a duplicate.
func benchPaste(n int) string {
	var b strings.Builder
	for i := range n {
		switch i % 10 {
		case 0, 1, 2:
			fmt.Fprintf(&b, "user%d@example.com\n", i)
		case 3:
			fmt.Fprintf(&b, "Doe, Jane%d <Jane.Doe%d@Example.COM>; ", i, i)
		case 4:
			fmt.Fprintf(&b, "\"Lee, Carl%d\" <carl%d@corp.example.org>\n", i, i)
		case 5:
			fmt.Fprintf(&b, "a%d@x.com,editor\n", i)
		case 6:
			fmt.Fprintf(&b, "mailto:m%d@x.com?subject=hello\n", i)
		case 7:
			fmt.Fprintf(&b, "Jane\tDoe%d\tjd%d@x.com\tviewer\n", i, i)
		case 8:
			fmt.Fprintf(&b, "Bob Smith%d <bob%d@example.net>, ", i, i)
		case 9:
			fmt.Fprintf(&b, "USER%d@example.com\n", i-9)
		}
	}
	return b.String()
}

func BenchmarkParseInvitees10k(b *testing.B) {
	text := benchPaste(10000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if l := ParseInvitees(text); len(l.Entries) != 10000 || l.Duplicates != 1000 || l.Invalid != 0 {
			b.Fatalf("%d entries, %d duplicates, %d invalid", len(l.Entries), l.Duplicates, l.Invalid)
		}
	}
}

func BenchmarkParseLine(b *testing.B) {
	for _, line := range []string{
		"jane.doe@example.com",
		"Doe, Jane <Jane.Doe@Example.COM>; Smith, Bob <bob@example.com>",
		"Jane Doe\tjane@example.com\tEditor",
		"mailto:jane@example.com?subject=Welcome",
	} {
		b.Run(strings.Fields(line)[0], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseLine(line, 1)
			}
		})
	}
}
