package docspace

import "io"

// Entry is one address found in pasted text or a CSV file, valid or not.
type Entry struct {
	Line int    // 1-based line
	Raw  string // the text the entry came from
	// Invitee is the parsed person; Access is AccessNone when the line gave none
	// (the plan's default applies).
	Invitee Invitee
	// Err says why the entry is invalid; empty when valid.
	Err string
	// Duplicate is true when an earlier entry has the same address (case-insensitive);
	// it is merged into that one.
	Duplicate bool
}

// InviteeList is the result of parsing: every entry, and the unique valid invitees.
type InviteeList struct {
	Entries    []Entry
	Invitees   []Invitee
	Invalid    int
	Duplicates int
}

// ParseLine parses one line of pasted text. It is pure, so callers may cache it per line.
func ParseLine(line string, lineNo int) []Entry { return nil }

// Merge turns parsed entries into a list: duplicates marked and merged, counts made.
func Merge(entries []Entry) InviteeList { return InviteeList{} }

// ParseInvitees parses what admins paste: commas, semicolons, spaces, newlines,
// "Name <email>", "mailto:", and an optional access per entry ("email,editor" or "email=editor").
func ParseInvitees(text string) InviteeList { return InviteeList{} }

// ReadInviteesCSV reads a CSV file with a header (email,access[,name]).
func ReadInviteesCSV(r io.Reader) (InviteeList, error) { return InviteeList{}, errTODO }
