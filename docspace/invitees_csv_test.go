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
