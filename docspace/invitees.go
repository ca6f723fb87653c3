package docspace

import (
	"fmt"
	"strings"
)

// Entry is one address found in pasted text or a CSV file, valid or not.
type Entry struct {
	Line int    // 1-based line
	Raw  string // the text the entry came from
	// Invitee is the parsed person; Access is AccessNone when the line gave none
	// (the plan's default applies). Invitee.Email is the address as far as it could
	// be read (domain lower-cased), also for an invalid entry; it is empty when the
	// entry holds no address at all.
	Invitee Invitee
	// Err says why the entry is invalid; empty when valid.
	Err string
	// Duplicate is true when an earlier entry has the same address (case-insensitive);
	// it is merged into that one.
	Duplicate bool
}

// InviteeList is the result of parsing: every entry, and the unique valid invitees.
type InviteeList struct {
	Entries    []Entry   // every entry, in the order of the input
	Invitees   []Invitee // the unique valid addresses, in first-seen order, Line set
	Invalid    int       // entries with Err set
	Duplicates int       // entries merged into an earlier one
}

// MaxEmailLength is the longest address accepted, in characters (the server stores at most 255).
const MaxEmailLength = 254

// MaxInviteesFileSize is the largest file ReadInviteesCSV reads, in bytes.
const MaxInviteesFileSize = 10 << 20

// MaxEntries is the most entries one ParseLine, ParseInvitees or ReadInviteesCSV call
// returns: beyond it, one more invalid entry says the rest was not read. It keeps a
// runaway paste (a log file, a 10 MB line) from using gigabytes.
const MaxEntries = 100_000

// maxLineItems caps the tokens read from one line, for the same reason.
const maxLineItems = 2 * MaxEntries

// maxNameLength caps a display name, in bytes, so a runaway paste cannot become one giant name.
const maxNameLength = 200

// Reasons shared by several code paths.
const (
	reasonNoAddress    = "no e-mail address"
	reasonLoneAccess   = "access level with no e-mail address before it"
	reasonMissingAt    = "missing @"
	reasonEmptyAddress = "empty address"
)

// ParseLine parses one line of pasted text. It is pure, so callers may cache it per line.
func ParseLine(line string, lineNo int) []Entry {
	// Room for the likely number of tokens and entries, so neither slice has to grow.
	p := lineParser{limit: MaxEntries, items: make([]item, 0, min(len(line)/8+1, 64))}
	return p.parse(make([]Entry, 0, min(strings.Count(line, "@"), 64)), line, lineNo, true)
}

// Merge turns parsed entries into a list: duplicates marked and merged, counts made.
// It works on a copy, so slices cached from ParseLine stay untouched.
func Merge(entries []Entry) InviteeList {
	return mergeInPlace(append([]Entry(nil), entries...))
}

// ParseInvitees parses what admins paste: commas, semicolons, spaces, newlines,
// "Name <email>", "mailto:", and an optional access per entry ("email,editor" or "email=editor").
func ParseInvitees(text string) InviteeList {
	p := lineParser{limit: MaxEntries}
	// Most entries hold one @: a good first guess of the room needed, counted at memory speed.
	entries := make([]Entry, 0, min(strings.Count(text, "@")+1, MaxEntries+1))
	lineNo := 0
	for text != "" && !p.full {
		var seg string
		if nl := strings.IndexByte(text, '\n'); nl >= 0 {
			seg, text = text[:nl], text[nl+1:]
		} else {
			seg, text = text, ""
		}
		// "\r\n" ends one line; a lone "\r" (old Mac files) ends one too.
		for !p.full {
			cr := strings.IndexByte(seg, '\r')
			if cr < 0 {
				lineNo++
				entries = p.parse(entries, seg, lineNo, true)
				break
			}
			lineNo++
			entries = p.parse(entries, seg[:cr], lineNo, true)
			seg = seg[cr+1:]
			if seg == "" {
				break
			}
		}
	}
	return mergeInPlace(entries)
}

// mergeInPlace is Merge without the copy, for slices this package built itself.
func mergeInPlace(entries []Entry) InviteeList {
	l := InviteeList{Entries: entries}
	first := make(map[string]int, len(entries)) // lower-cased address -> index of its first entry
	unique := make([]int, 0, len(entries))
	for i := range entries {
		e := &entries[i]
		e.Duplicate = false
		if e.Err == "" && e.Invitee.Email == "" && !e.Invitee.IsGroup() {
			e.Err = reasonNoAddress
		}
		if e.Err != "" {
			l.Invalid++
			continue
		}
		key := e.Invitee.Key()
		f, seen := first[key]
		if !seen {
			first[key] = i
			unique = append(unique, i)
			continue
		}
		fe := &entries[f]
		was, now := fe.Invitee.Access, e.Invitee.Access
		switch {
		case now == AccessNone || now == was:
		case was == AccessNone:
			fe.Invitee.Access = now
		default:
			e.Err = fmt.Sprintf("listed twice with different access (%s, then %s)", was, now)
			l.Invalid++
			continue
		}
		if fe.Invitee.Name == "" {
			fe.Invitee.Name = e.Invitee.Name
		}
		e.Duplicate = true
		l.Duplicates++
	}
	l.Invitees = make([]Invitee, len(unique))
	for n, i := range unique {
		inv := entries[i].Invitee
		inv.Line = entries[i].Line
		l.Invitees[n] = inv
	}
	return l
}
