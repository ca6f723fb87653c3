package docspace

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
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

// TestAddressReasons checks the reason given for every kind of bad address.
func TestAddressReasons(t *testing.T) {
	long := strings.Repeat("a", 63)
	tests := []struct{ in, reason string }{
		{"jane.example.com", "missing @"},
		{"<jane>", "missing @"},
		{"jane@x.com@y.com", "has more than one @"},
		{"@x.com", "nothing before the @"},
		{"jane@", "nothing after the @"},
		{"mailto:?subject=hi", "empty address"},
		{"<jane doe@x.com>", "contains a space"},
		{"jane@x", `domain "x" has no dot`},
		{"jane@x.", `domain "x." ends with a dot`},
		{"jane@.x.com", `domain ".x.com" starts with a dot`},
		{"jane@x..com", `domain "x..com" has two dots in a row`},
		{"jane@-x.com", `domain "-x.com" has a part that starts or ends with a hyphen`},
		{"jane@x-.com", `domain "x-.com" has a part that starts or ends with a hyphen`},
		{"jane@x_y.com", `domain "x_y.com" has a character a domain cannot have: "_"`},
		{"jane@x.c", `domain "x.c" ends in a one-letter part, which is not a real top-level domain`},
		{"jane@10.0.0.1", `domain "10.0.0.1" looks like an IP address; use the mail domain name instead`},
		{"jane@[10.0.0.1]", `domain "[10.0.0.1]" is an IP address; use the mail domain name instead`},
		{"jane@" + long + "a.com", `domain "` + long[:57] + `…" has a part longer than 63 characters`},
		{".jane@x.com", "the part before the @ starts or ends with a dot, or has two dots in a row"},
		{"jane.@x.com", "the part before the @ starts or ends with a dot, or has two dots in a row"},
		{"ja..ne@x.com", "the part before the @ starts or ends with a dot, or has two dots in a row"},
		{"ja>ne@x.com", `has a character an address cannot have: ">"`},
		{"ja[ne]@x.com", `has a character an address cannot have: "["`},
		{"ja…ne@x.com", `has a character an address cannot have: "…"`},
		{long + "aa@x.com", "the part before the @ is longer than 64 characters"},
		{long + "@" + strings.Repeat(long+".", 3) + "com", "is 259 characters long; at most 254 are allowed"},
		{"jane@x\u200b.com", "contains an invisible character (U+200B)"},
		{"jane@x.com\u202e", "contains an invisible character (U+202E)"},
		{"\u2066jane@x.com", "contains an invisible character (U+2066)"},
		{"jane\u00ad@x.com", "contains an invisible character (U+00AD)"},
		{"jane\x00@x.com", "contains an invisible character (U+0000)"},
		{"jane@x.com\x7f", "contains an invisible character (U+007F)"},
		{"jane@x.com\xff", "contains bytes that are not valid UTF-8 text"},
	}
	for _, tt := range tests {
		es := ParseLine(tt.in, 1)
		if len(es) != 1 || es[0].Err != tt.reason {
			t.Errorf("ParseLine(%q):\n got %+v\nwant one entry with Err %q", tt.in, es, tt.reason)
		}
	}
}

func TestValidAddresses(t *testing.T) {
	for _, in := range []string{
		"a@x.io", "first.last@sub.example.co.uk", "o'brien@x.com", "x+tag@x.com", "user_name@x-y.com",
		"!#$%&'*+-/=?^_`{}~@x.com", "jürgen@bücher.de", "用户@例子.广告", "a@xn--bcher-kva.de", "a@123.example.com",
		strings.Repeat("a", 64) + "@x.com",
		strings.Repeat("a", 63) + "@" + strings.Repeat(strings.Repeat("b", 61)+".", 3) + "abcd", // 254 characters
	} {
		if es := ParseLine(in, 1); len(es) != 1 || es[0].Err != "" || es[0].Invitee.Email != in {
			t.Errorf("ParseLine(%q) = %+v, want one valid entry", in, es)
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

func TestReadInviteesCSV(t *testing.T) {
	type row struct {
		line        int
		email, name string
		access      Access
		err         string
		duplicate   bool
	}
	tests := []struct {
		name string
		file string
		want []row // every entry, in order
	}{
		{
			name: "email, access, name",
			file: "email,access,name\njane@x.com,editor,Jane Doe\nbob@x.com,,Bob\n",
			want: []row{{2, "jane@x.com", "Jane Doe", AccessEditing, "", false}, {3, "bob@x.com", "Bob", 0, "", false}},
		},
		{
			name: "any order and case, e-mail and display name",
			file: "Display Name,ACCESS,E-Mail\r\n\"Doe, Jane\",Viewer,Jane@Example.com\r\n",
			want: []row{{2, "Jane@example.com", "Doe, Jane", AccessRead, "", false}},
		},
		{
			name: "mail column only",
			file: "Mail\nbob@x.com\n",
			want: []row{{2, "bob@x.com", "", 0, "", false}},
		},
		{
			name: "BOM and semicolons (European Excel)",
			file: "\uFEFFName;Email;Role\r\nJane Doe;jane@x.com;Room admin\r\nBob;bob@x.com;10\r\n",
			want: []row{{2, "jane@x.com", "Jane Doe", AccessRoomManager, "", false}, {3, "bob@x.com", "Bob", AccessEditing, "", false}},
		},
		{
			name: "tabs",
			file: "email\taccess\njane@x.com\tcommenter\n",
			want: []row{{2, "jane@x.com", "", AccessComment, "", false}},
		},
		{
			name: "Excel sep= hint",
			file: "sep=;\nemail;name\njane@x.com;Doe, Jane\n",
			want: []row{{3, "jane@x.com", "Doe, Jane", 0, "", false}},
		},
		{
			name: "blank lines and empty rows skipped, line numbers kept",
			file: "\n\nemail,access\n\njane@x.com,editor\n,,\n  \n\nbob@x.com\n",
			want: []row{{5, "jane@x.com", "", AccessEditing, "", false}, {9, "bob@x.com", "", 0, "", false}},
		},
		{
			name: "first and last name columns",
			file: "First Name,Last Name,Email\nJane,Doe,jane@x.com\n,Smith,bob@x.com\n",
			want: []row{{2, "jane@x.com", "Jane Doe", 0, "", false}, {3, "bob@x.com", "Smith", 0, "", false}},
		},
		{
			name: "bad rows become invalid entries",
			file: "email,access\njane@x\nbob@x.com,edtor\n,editor\ncarl@x.com,0\ndan@x.com,viewer\n",
			want: []row{
				{2, "jane@x", "", 0, `domain "x" has no dot`, false},
				{3, "bob@x.com", "", 0, `unknown access level "edtor": ` + accessHelp, false},
				{4, "", "", 0, "no e-mail address in this row", false},
				{5, "carl@x.com", "", 0, "access 0 is not a room access level: " + accessHelp, false},
				{6, "dan@x.com", "", AccessRead, "", false},
			},
		},
		{
			name: "duplicates across rows",
			file: "email,access\njane@x.com\nJANE@x.com,editor\njane@x.com,viewer\n",
			want: []row{
				{2, "jane@x.com", "", AccessEditing, "", false},
				{3, "JANE@x.com", "", AccessEditing, "", true},
				{4, "jane@x.com", "", AccessRead, "listed twice with different access (Editor, then Viewer)", false},
			},
		},
		{
			name: "a name spanning two lines",
			file: "name,email\n\"Jane\nDoe\",jane@x.com\nbob,bob@x.com\n",
			want: []row{{3, "jane@x.com", "Jane Doe", 0, "", false}, {4, "bob@x.com", "bob", 0, "", false}},
		},
		{
			name: "a quote never closed does not swallow the rows after it",
			file: "email,name\njane@x.com,\"Jane\nbob@x.com,Bob\ncarl@x.com,Carl\n",
			want: []row{{2, "jane@x.com", "Jane", 0, "", false}, {3, "bob@x.com", "Bob", 0, "", false}, {4, "carl@x.com", "Carl", 0, "", false}},
		},
		{
			name: "a stray quote inside a field",
			file: "email,name\njane@x.com,Jane \"JJ\" Doe\n",
			want: []row{{2, "jane@x.com", `Jane "JJ" Doe`, 0, "", false}},
		},
		{
			name: "a name in the email cell",
			file: "email\nJane Doe <jane@x.com>\nBob\n",
			want: []row{{2, "jane@x.com", "Jane Doe", 0, "", false}, {3, "", "", 0, reasonNoAddress, false}},
		},
		{
			name: "old Mac line endings",
			file: "email\ra@x.com\rb@x.com\r",
			want: []row{{2, "a@x.com", "", 0, "", false}, {3, "b@x.com", "", 0, "", false}},
		},
		{
			name: "header only",
			file: "email,access,name\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := ReadInviteesCSV(strings.NewReader(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			checkList(t, l)
			var g []row
			for _, e := range l.Entries {
				g = append(g, row{e.Line, e.Invitee.Email, e.Invitee.Name, e.Invitee.Access, e.Err, e.Duplicate})
			}
			if fmt.Sprintf("%+v", g) != fmt.Sprintf("%+v", tt.want) {
				t.Errorf("entries:\n got %+v\nwant %+v", g, tt.want)
			}
			for _, e := range l.Entries {
				if e.Raw == "" || !strings.Contains(tt.file, e.Raw) {
					t.Errorf("entry on line %d has Raw %q, want its row", e.Line, e.Raw)
				}
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// endlessReader yields an endless valid CSV file without holding it in memory.
type endlessReader struct{ n int }

func (r *endlessReader) Read(p []byte) (int, error) {
	const row = "someone@example.com,editor\n"
	for i := range p {
		p[i] = row[r.n%len(row)]
		r.n++
	}
	return len(p), nil
}

func TestReadInviteesCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		r    io.Reader
		want []string // substrings of the error
	}{
		{"no email column", strings.NewReader("Name;Role\nJane;editor\n"), []string{`"Name;Role"`, "email", "email,access,name"}},
		{"no header", strings.NewReader("jane@x.com,editor\n"), []string{`"jane@x.com,editor"`, "not a header", "email,access,name"}},
		{"empty", strings.NewReader(""), []string{"empty", "email,access,name"}},
		{"only blank lines", strings.NewReader("\r\n \n"), []string{"empty"}},
		{"a zip (xlsx)", strings.NewReader("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00email,access"), []string{"not a text file (it looks binary)", "export the list as CSV"}},
		{"random bytes", strings.NewReader(strings.Repeat("\x89\xfe\x01\xc3\x28\x9f\x8a\x02", 64)), []string{"not a text file"}},
		{"too large", io.LimitReader(&endlessReader{}, MaxInviteesFileSize+1), []string{"larger than 10 MB", "split"}},
		{"read error", failingReader{}, []string{"reading the invitee file", "disk on fire"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadInviteesCSV(tt.r)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestReadInviteesCSVAtTheLimit(t *testing.T) {
	file := io.MultiReader(strings.NewReader("email,access\n"), io.LimitReader(&endlessReader{}, int64(MaxInviteesFileSize-len("email,access\n"))))
	l, err := ReadInviteesCSV(file)
	if err != nil {
		t.Fatalf("a file of exactly %d bytes: %v", MaxInviteesFileSize, err)
	}
	// 388,000 rows of one address: the first MaxEntries are read, then one entry says
	// the rest was not.
	if len(l.Entries) != MaxEntries+1 || len(l.Invitees) != 1 || l.Duplicates != MaxEntries-1 || l.Invalid != 1 {
		t.Fatalf("got %d entries, %d invitees, %d duplicates, %d invalid", len(l.Entries), len(l.Invitees), l.Duplicates, l.Invalid)
	}
	if last := l.Entries[MaxEntries]; last.Line != MaxEntries+2 || !strings.HasPrefix(last.Err, "more than 100000 entries") {
		t.Errorf("last entry: %+v", last)
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

// TestReadInviteesCSVManyBrokenQuotes checks the line-by-line fallback keeps reading
// rows, with the right line numbers, after too many restarts.
func TestReadInviteesCSVManyBrokenQuotes(t *testing.T) {
	var b strings.Builder
	b.WriteString("email,name\n")
	for i := range 3 * maxCSVRestarts {
		fmt.Fprintf(&b, "u%d@x.com,\"Name %d\n", i, i)
	}
	l, err := ReadInviteesCSV(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	checkList(t, l)
	if len(l.Invitees) != 3*maxCSVRestarts || l.Invalid != 0 {
		t.Fatalf("%d invitees, %d invalid", len(l.Invitees), l.Invalid)
	}
	for i, inv := range l.Invitees {
		if want := fmt.Sprintf("u%d@x.com", i); inv.Email != want || inv.Line != i+2 || inv.Name != fmt.Sprintf("Name %d", i) {
			t.Fatalf("invitee %d: %+v, want %s on line %d", i, inv, want, i+2)
		}
	}
}

func TestSplitLenient(t *testing.T) {
	tests := []struct {
		line  string
		comma rune
		want  []string
	}{
		{"a,b,c", ',', []string{"a", "b", "c"}},
		{"a,,", ',', []string{"a", "", ""}},
		{`"a,b",c`, ',', []string{"a,b", "c"}},
		{`"say ""hi""",x`, ',', []string{`say "hi"`, "x"}},
		{`"Jane "JJ" Doe",x`, ',', []string{`Jane "JJ" Doe`, "x"}},
		{`Jane "JJ" Doe;x`, ';', []string{`Jane "JJ" Doe`, "x"}},
		{`a, "unclosed`, ',', []string{"a", "unclosed"}},
		{`"`, ',', []string{""}},
		{"", ',', []string{""}},
	}
	for _, tt := range tests {
		if got := splitLenient(tt.line, tt.comma); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
			t.Errorf("splitLenient(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// TestHostileInput feeds pastes made to break parsers: they must not panic, must stay
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

// TestLookupAccessMatchesParseAccess keeps the allocation-free lookup in step with ParseAccess.
func TestLookupAccessMatchesParseAccess(t *testing.T) {
	words := []string{"", "0", "1", "2", "+10", "-1", "99", "010", "x", "edtor", "Jane", "readwrite", "full access", "none"}
	for a, info := range accessTable {
		words = append(words, info.label, info.apiName, strings.ToUpper(info.label), strings.ToLower(info.apiName), fmt.Sprint(int(a)))
		for _, al := range info.aliases {
			words = append(words, al, strings.ToUpper(al), strings.ToUpper(al[:1])+al[1:])
		}
	}
	for _, w := range words {
		want, err := ParseAccess(w)
		got, ok := lookupAccess(w)
		if ok != (err == nil) || ok && got != want {
			t.Errorf("lookupAccess(%q) = %v, %v; ParseAccess = %v, %v", w, got, ok, want, err)
		}
		if err == nil && !strings.ContainsAny(w[:1], "+-0123456789") && !strings.ContainsRune(accessInitials, rune(strings.ToLower(w)[0])) {
			t.Errorf("accessInitials lacks the first letter of %q", w)
		}
	}
}

func TestNearAccess(t *testing.T) {
	for w, want := range map[string]bool{
		"edtor": true, "veiwer": true, "Viewr": true, "admn": true, "commentor": true, "reviwer": true,
		"contentcreater": true, "manger": true, "cont": true, "5": true, "123": true,
		"Jane": false, "Bob": false, "Smith": false, "1234": false, "hello": false, "a@x": false, "Fred": false,
	} {
		if got := nearAccess(w); got != want {
			t.Errorf("nearAccess(%q) = %v, want %v", w, got, want)
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

func BenchmarkReadInviteesCSV10k(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("email,access,name\n")
	for i := range 10000 {
		fmt.Fprintf(&sb, "user%d@example.com,editor,\"Doe, Jane%d\"\n", i, i)
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadInviteesCSV(strings.NewReader(text)); err != nil {
			b.Fatal(err)
		}
	}
}

// utf16Of encodes s as UTF-16 in the given byte order, after bom (nil: none).
func utf16Of(s string, bigEndian bool, bom bool) []byte {
	var b []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// Excel's "Unicode Text" and PowerShell write UTF-16, with or without a byte-order
// mark; it is read like the UTF-8 it stands for, not as rows of "\x00e\x00m".
func TestReadInviteesCSVReadsUTF16(t *testing.T) {
	const body = "email,access,name\nann@example.com,editor,Ann Müller\nbob@example.com,viewer,Bob 😀\n"
	for _, tt := range []struct {
		name     string
		big, bom bool
	}{{"big-endian without BOM", true, false}, {"little-endian without BOM", false, false},
		{"big-endian with BOM", true, true}, {"little-endian with BOM", false, true}} {
		t.Run(tt.name, func(t *testing.T) {
			l, err := ReadInviteesCSV(bytes.NewReader(utf16Of(body, tt.big, tt.bom)))
			if err != nil {
				t.Fatal(err)
			}
			if l.Invalid != 0 || len(l.Invitees) != 2 || l.Invitees[0].Name != "Ann Müller" || l.Invitees[1].Email != "bob@example.com" || l.Invitees[1].Name != "Bob 😀" {
				t.Fatalf("read %+v (%d invalid)", l.Invitees, l.Invalid)
			}
		})
	}
}

// A Latin-1 name or a stray control character is a row's problem, not the file's.
func TestReadInviteesCSVKeepsMostlyTextFilesText(t *testing.T) {
	body := "email,access,name\nann@example.com,editor,Ann M\xfcller\nbob@example.com,viewer,\x1b[31mBob\n"
	l, err := ReadInviteesCSV(strings.NewReader(body))
	if err != nil {
		t.Fatalf("a text file with one Latin-1 byte and one escape: %v", err)
	}
	if len(l.Entries) != 2 {
		t.Fatalf("read %d entries, want 2", len(l.Entries))
	}
}
