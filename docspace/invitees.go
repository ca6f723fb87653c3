package docspace

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
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
		if e.Err == "" && e.Invitee.Email == "" {
			e.Err = reasonNoAddress
		}
		if e.Err != "" {
			l.Invalid++
			continue
		}
		key := strings.ToLower(e.Invitee.Email)
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

// ---------------------------------------------------------------------------
// Tokens of a line

type itemKind uint8

const (
	itemWord   itemKind = iota // a run of text up to a separator
	itemQuoted                 // "..." or “...”
	itemAngle                  // <...>
	itemParen                  // (...)
)

// sepSet records which separators stood between an item and the one before it.
type sepSet uint8

const (
	sepSpace sepSet = 1 << iota
	sepComma
	sepSemi
	sepCell // tab or |: a column boundary in pasted spreadsheets and tables
)

type item struct {
	start, end   int // the item in the line, delimiters included
	cstart, cend int // its content
	kind         itemKind
	sep          sepSet
	addr         bool // holds an e-mail address (valid or not)
	esc          bool // quoted content has backslash escapes
}

func (it *item) content(line string) string { return line[it.cstart:it.cend] }

// bracketed reports whether the item is an address in <> or (), which a name may precede.
func (it *item) bracketed() bool {
	return it.addr && (it.kind == itemAngle || it.kind == itemParen)
}

// Bytes that end a word: whitespace, separators and the openers of quoted or bracketed items.
const (
	stopLo uint64 = 1<<'\t' | 1<<'\n' | 1<<'\v' | 1<<'\f' | 1<<'\r' | 1<<' ' | 1<<'"' | 1<<'(' | 1<<',' | 1<<';' | 1<<'<'
	stopHi uint64 = 1 << ('|' - 64)
)

// lineParser holds scratch space reused from line to line.
type lineParser struct {
	items []item
	row   [][2]int // item ranges left over in a row-shaped line
	// rowStart is where the entry of a row-shaped line starts, its name included.
	rowStart int

	// limit is the length of the entry list at which it is full; full is set once the
	// entry saying so has been added.
	limit int
	full  bool
	// cut is where tokenizing stopped on a line with too many tokens, or -1.
	cut int

	// Where the last closers of the line are, so an unclosed opener costs O(1), not a scan.
	lastQuote, lastGT, lastParen, lastSmart int
	noCloseQuote                            bool
}

// nonASCIISep classifies a non-ASCII rune: a separator kind, or 0 for a word rune.
func nonASCIISep(r rune) sepSet {
	switch r {
	case '\uFF0C', '\u3001', '\u060C', '\uFE50': // full-width, ideographic, Arabic and small commas
		return sepComma
	case '\uFF1B', '\u061B': // full-width and Arabic semicolons
		return sepSemi
	}
	if unicode.IsSpace(r) {
		return sepSpace
	}
	return 0
}

func (p *lineParser) tokenize(line string) {
	items := p.items[:0]
	p.lastQuote, p.lastGT, p.lastParen, p.lastSmart = -2, -2, -2, -2
	p.noCloseQuote = false
	p.cut = -1
	var sep sepSet
	for i := 0; i < len(line); {
		if len(items) == maxLineItems {
			p.cut = i
			break
		}
		c := line[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ', '\n', '\v', '\f', '\r':
				sep |= sepSpace
				i++
				continue
			case '\t', '|':
				sep |= sepCell
				i++
				continue
			case ',':
				sep |= sepComma
				i++
				continue
			case ';':
				sep |= sepSemi
				i++
				continue
			case '"':
				if end, esc, ok := p.closeQuote(line, i); ok {
					items = append(items, item{start: i, end: end + 1, cstart: i + 1, cend: end, kind: itemQuoted, sep: sep, esc: esc})
					sep, i = 0, end+1
					continue
				}
				sep |= sepSpace // an unclosed quote is noise, not the start of the rest of the line
				i++
				continue
			case '<', '(':
				kind, closer, last := itemAngle, byte('>'), &p.lastGT
				if c == '(' {
					kind, closer, last = itemParen, ')', &p.lastParen
				}
				if *last == -2 {
					*last = strings.LastIndexByte(line, closer)
				}
				if *last > i {
					end := i + 1 + strings.IndexByte(line[i+1:], closer)
					items = append(items, item{start: i, end: end + 1, cstart: i + 1, cend: end, kind: kind, sep: sep})
					sep, i = 0, end+1
					continue
				}
				sep |= sepSpace
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(line[i:])
			if s := nonASCIISep(r); s != 0 {
				sep |= s
				i += size
				continue
			}
			if r == '“' {
				if p.lastSmart == -2 {
					p.lastSmart = strings.LastIndex(line, "”")
				}
				if p.lastSmart > i {
					end := i + size + strings.Index(line[i+size:], "”")
					items = append(items, item{start: i, end: end + len("”"), cstart: i + size, cend: end, kind: itemQuoted, sep: sep})
					sep, i = 0, end+len("”")
					continue
				}
				sep |= sepSpace
				i += size
				continue
			}
		}
		end := wordEnd(line, i)
		items = append(items, item{start: i, end: end, cstart: i, cend: end, kind: itemWord, sep: sep})
		sep, i = 0, end
	}
	p.items = items
}

// closeQuote finds the quote closing the one at i, skipping backslash escapes.
func (p *lineParser) closeQuote(line string, i int) (end int, esc, ok bool) {
	if p.noCloseQuote {
		return 0, false, false
	}
	if p.lastQuote == -2 {
		p.lastQuote = strings.LastIndexByte(line, '"')
	}
	if p.lastQuote <= i {
		return 0, false, false
	}
	for j := i + 1; j < len(line); j++ {
		switch line[j] {
		case '\\':
			esc = true
			j++
		case '"':
			return j, esc, true
		}
	}
	// Nothing after i closes a quote, so nothing after any later quote does either.
	p.noCloseQuote = true
	return 0, false, false
}

// wordEnd returns where the word starting at i ends.
func wordEnd(line string, i int) int {
	for i < len(line) {
		c := line[i]
		if c < utf8.RuneSelf {
			if c < 64 && stopLo&(1<<c) != 0 || c >= 64 && stopHi&(1<<(c-64)) != 0 {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(line[i:])
		if r == '“' || nonASCIISep(r) != 0 {
			return i
		}
		i += size
	}
	return i
}

// classify marks the items that hold addresses and counts them.
func (p *lineParser) classify(line string) int {
	items := p.items
	for k := range items {
		it := &items[k]
		c := it.content(line)
		switch it.kind {
		case itemAngle:
			it.addr = strings.TrimSpace(c) != "" // "<>" is noise

		case itemParen:
			it.addr = strings.IndexByte(c, '@') >= 0
		case itemWord:
			it.addr = strings.IndexByte(c, '@') >= 0 || len(c) > len("mailto:") && hasPrefixFold(c, "mailto:")
			// [a@x.com](mailto:a@x.com): the bracketed text of a Markdown link is its label.
			if it.addr && c[0] == '[' && c[len(c)-1] == ']' && k+1 < len(items) && items[k+1].kind == itemParen && items[k+1].sep == 0 {
				it.addr = false
			}
		}
	}
	n := 0
	for k := range items {
		it := &items[k]
		if it.kind == itemQuoted && strings.IndexByte(it.content(line), '@') >= 0 {
			// "a@x.com" <a@x.com> is a name (Outlook writes that); "a@x.com" alone, an address.
			it.addr = !p.namesNext(k, line)
		}
		if it.addr {
			n++
		}
	}
	return n
}

// namesNext reports whether item k is directly followed by a bracketed address it may name.
func (p *lineParser) namesNext(k int, line string) bool {
	if k+1 >= len(p.items) {
		return false
	}
	next := &p.items[k+1]
	if next.sep&^sepSpace != 0 {
		return false
	}
	switch next.kind {
	case itemAngle:
		return strings.TrimSpace(next.content(line)) != ""
	case itemParen:
		return strings.IndexByte(next.content(line), '@') >= 0
	}
	return false
}

// rowShaped reports whether a line with one address is a spreadsheet or CSV row
// (columns split by tabs, or by commas with an access column), whose other cells
// are the person's name and access rather than stray words.
func (p *lineParser) rowShaped(line string) bool {
	cells := false
	for k := range p.items {
		s := p.items[k].sep
		if s&sepCell != 0 {
			return true
		}
		if k > 0 && s&(sepComma|sepSemi) != 0 {
			cells = true
		}
	}
	if !cells {
		return false
	}
	for k := range p.items {
		it := &p.items[k]
		if !it.addr && (it.kind == itemWord || it.kind == itemQuoted) {
			if _, ok := lookupAccess(strings.TrimSpace(it.content(line))); ok {
				return true
			}
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Entries of a line

// parse appends the entries of one line to dst. skipHeader drops a column-header line.
func (p *lineParser) parse(dst []Entry, line string, lineNo int, skipHeader bool) []Entry {
	line = strings.TrimPrefix(line, "\uFEFF")
	p.tokenize(line)
	items := p.items
	if len(items) == 0 {
		return dst
	}
	nAddr := p.classify(line)
	if nAddr == 0 && skipHeader && isHeaderLine(line, items) {
		return dst
	}
	row := nAddr == 1 && p.rowShaped(line)
	p.row = p.row[:0]
	rowEntry := -1
	pend := -1 // first item of a run of words not yet given to an entry
	for k := 0; k < len(items); {
		it := &items[k]
		if !it.addr {
			// Outlook separates people with ";", so a name never spans one.
			if pend >= 0 && it.sep&sepSemi != 0 {
				dst = p.stray(dst, line, lineNo, pend, k, row)
				pend = -1
			}
			if pend < 0 {
				pend = k
			}
			k++
			continue
		}
		start, name := it.start, ""
		if pend >= 0 {
			named := it.bracketed() || pend == k-1 && items[pend].kind == itemQuoted
			if named && it.sep&^sepSpace == 0 {
				name = p.groupText(line, pend, k-1)
				start = items[pend].start
			} else {
				dst = p.stray(dst, line, lineNo, pend, k, row)
			}
			pend = -1
		}
		var e Entry
		e, k = p.entry(line, lineNo, k, start, name)
		if row {
			rowEntry, p.rowStart = len(dst), start
		}
		if dst = p.add(dst, e); p.full {
			return dst
		}
	}
	if pend >= 0 {
		dst = p.stray(dst, line, lineNo, pend, len(items), row)
	}
	if rowEntry >= 0 && !p.full {
		dst = p.finishRow(dst, line, lineNo, rowEntry)
	}
	if p.cut >= 0 {
		dst = p.add(dst, Entry{Line: lineNo, Raw: shortText(line[p.cut:]), Err: "too much text on one line: the rest of the line was not read; split it into shorter lines", Invitee: Invitee{Line: lineNo}})
	}
	return dst
}

// add appends e unless the list is full. The first entry over the limit is replaced
// by one saying that it and everything after it were left out.
func (p *lineParser) add(dst []Entry, e Entry) []Entry {
	if len(dst) < p.limit {
		return append(dst, e)
	}
	if !p.full {
		p.full = true
		dst = append(dst, Entry{Line: e.Line, Raw: shortText(e.Raw), Invitee: Invitee{Line: e.Line},
			Err: fmt.Sprintf("more than %d entries: this one and everything after it were not read; add them in another batch", MaxEntries)})
	}
	return dst
}

// entry builds the entry of the address at item k, taking the access and name that
// follow it; it returns the entry and the index of the first item it did not use.
func (p *lineParser) entry(line string, lineNo, k, start int, name string) (Entry, int) {
	items := p.items
	it := &items[k]
	text := it.content(line)
	if it.kind != itemWord {
		text = strings.TrimSpace(text)
	}
	if it.kind == itemQuoted && it.esc {
		text = unescape(text)
	}
	text = stripMailto(text)
	explicit, accText := false, ""
	if it.kind == itemWord {
		// a@x.com=editor, a@x.com:editor ("=" and ":" cannot be part of a domain).
		if at := strings.IndexByte(text, '@'); at >= 0 {
			if q := strings.IndexAny(text[at:], "=:"); q >= 0 {
				explicit, accText, text = true, text[at+q+1:], text[:at+q]
			}
		}
	}
	email, reason := readAddress(text)
	e := Entry{Line: lineNo, Invitee: Invitee{Email: email, Line: lineNo}, Err: reason}
	j := k + 1
	word := func(j int) bool {
		return j < len(items) && !items[j].addr && (items[j].kind == itemWord || items[j].kind == itemQuoted)
	}
	// "a@x.com (Jane Doe)". Never an access level: "(manager)" is a job title more
	// often than a request for the Room admin role.
	if j < len(items) && items[j].kind == itemParen && !items[j].addr && items[j].sep&^sepSpace == 0 {
		if name == "" {
			name = strings.TrimSpace(items[j].content(line))
		}
		j++
	}
	if !explicit && j < len(items) && items[j].kind == itemWord {
		if w := items[j].content(line); w[0] == '=' || w[0] == ':' {
			explicit, accText = true, w[1:]
			j++
		}
	}
	switch {
	case explicit:
		if accText == "" && word(j) && items[j].sep&^sepSpace == 0 {
			accText = strings.TrimSpace(items[j].content(line))
			j++
		}
		a, ok := lookupAccess(accText)
		if !ok && accText != "" && word(j) && items[j].kind == itemWord && items[j].sep == sepSpace {
			if a, ok = lookupAccess2(accText, items[j].content(line)); ok {
				j++
			}
		}
		if ok {
			e.Invitee.Access = a
		} else if e.Err == "" {
			e.Err = accessError(accText)
		}
	case word(j) && !p.namesNext(j, line):
		w := strings.TrimSpace(items[j].content(line))
		if word(j+1) && items[j+1].kind == itemWord && items[j+1].sep == sepSpace && !p.namesNext(j+1, line) {
			if a, ok := lookupAccess2(w, items[j+1].content(line)); ok {
				e.Invitee.Access = a
				j += 2
				break
			}
		}
		if a, ok := lookupAccess(w); ok {
			e.Invitee.Access = a
			j++
		} else if nearAccess(w) && !(word(j+1) && items[j+1].sep == sepSpace) {
			// "a@x.com edtor": a misspelt access level, not a stray word (nor the first
			// word of a name such as "Edith Smith").
			if e.Err == "" {
				e.Err = accessError(w)
			}
			j++
		}
	}
	e.Raw = line[start:items[j-1].end]
	e.Invitee.Name = cleanName(name, email)
	return e, j
}

// groupText is the text of items a..b as a name: one quoted item is unquoted.
func (p *lineParser) groupText(line string, a, b int) string {
	if a == b && p.items[a].kind == itemQuoted {
		c := p.items[a].content(line)
		if p.items[a].esc {
			c = unescape(c)
		}
		return c
	}
	return line[p.items[a].start:p.items[b].end]
}

// stray turns the words in items [from, to) into invalid entries, one per cell; in a
// row-shaped line it keeps them for finishRow instead.
func (p *lineParser) stray(dst []Entry, line string, lineNo, from, to int, row bool) []Entry {
	for g := from; g < to; {
		h := g + 1
		for h < to && p.items[h].sep&(sepComma|sepSemi|sepCell) == 0 {
			h++
		}
		if row {
			p.row = append(p.row, [2]int{g, h - 1})
		} else if reason, skip := strayReason(p.groupText(line, g, h-1)); !skip {
			dst = p.add(dst, Entry{Line: lineNo, Raw: line[p.items[g].start:p.items[h-1].end], Err: reason, Invitee: Invitee{Line: lineNo}})
		}
		g = h
	}
	return dst
}

// finishRow gives the leftover cells of a row-shaped line to its one entry: an access
// cell after the address sets the access, other cells make up the name. Cells before
// the address are name parts even when they read like an access level ("Manager,
// jane@x.com" is a job title, not the Room admin role).
func (p *lineParser) finishRow(dst []Entry, line string, lineNo, ei int) []Entry {
	e := dst[ei]
	var before, after []string
	var extra []Entry
	for _, g := range p.row {
		text := strings.TrimSpace(p.groupText(line, g[0], g[1]))
		if isNoise(text) {
			continue // row numbers, bullets, phone numbers: not part of a name
		}
		if p.items[g[0]].start < p.rowStart {
			before = append(before, text)
			continue
		}
		if a, ok := lookupAccess(text); ok {
			if e.Invitee.Access == AccessNone {
				e.Invitee.Access = a
			} else {
				extra = append(extra, Entry{Line: lineNo, Raw: text, Err: reasonLoneAccess, Invitee: Invitee{Line: lineNo}})
			}
			continue
		}
		after = append(after, text)
	}
	if len(before)+len(after) > 0 {
		if e.Invitee.Name != "" {
			before = append(before, e.Invitee.Name)
		}
		e.Invitee.Name = cleanName(strings.Join(append(before, after...), " "), e.Invitee.Email)
	}
	items := p.items
	e.Raw = line[items[0].start:items[len(items)-1].end]
	dst[ei] = e
	for _, x := range extra {
		dst = p.add(dst, x)
	}
	return dst
}

// strayReason says why words without an address are not an entry; skip is true for
// list bullets and numbers, which are dropped quietly.
func strayReason(s string) (reason string, skip bool) {
	if r := invisibleReason(s); r != "" {
		return r, false
	}
	if _, ok := lookupAccess(strings.TrimSpace(s)); ok {
		return reasonLoneAccess, false
	}
	if isNoise(s) {
		return "", true
	}
	// "jane.doe.example.com": an address that lost its @.
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		if d := strings.IndexByte(s, '.'); d > 0 && d < len(s)-1 {
			return reasonMissingAt, false
		}
	}
	return reasonNoAddress, false
}

// isNoise reports whether s has no letters at all: bullets, dashes, list numbers.
func isNoise(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || r == utf8.RuneError || outside.Hidden(r) {
			return false
		}
	}
	return true
}

// invisibleReason names the first invisible or undecodable character of s, or returns "".
func invisibleReason(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' || c == 0x7f {
				return invisibleMessage(rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return "contains bytes that are not valid UTF-8 text"
		}
		if outside.Hidden(r) {
			return invisibleMessage(r)
		}
		i += size
	}
	return ""
}

// isHeaderLine reports whether a line without addresses names columns ("email,access,name").
func isHeaderLine(line string, items []item) bool {
	sawEmail := false
	for g := 0; g < len(items); {
		h := g + 1
		for h < len(items) && items[h].sep&(sepComma|sepSemi|sepCell) == 0 {
			h++
		}
		switch headerColumn(line[items[g].start:items[h-1].end]) {
		case columnNone:
			return false
		case columnEmail:
			sawEmail = true
		}
		g = h
	}
	return sawEmail
}

type column int

const (
	columnNone column = iota
	columnEmail
	columnAccess
	columnName
	columnFirstName
	columnLastName
)

// headerColumn recognises a column header, ignoring case, quotes, spaces, dashes and underscores.
func headerColumn(s string) column {
	var buf [24]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z':
		case c == ' ' || c == '-' || c == '_' || c == '.' || c == '"' || c == '\'' || c == '\t':
			continue
		default:
			return columnNone
		}
		if n == len(buf) {
			return columnNone
		}
		buf[n] = c
		n++
	}
	switch string(buf[:n]) {
	case "email", "mail", "emailaddress", "mailaddress", "emails":
		return columnEmail
	case "access", "accesslevel", "role", "rights", "permission", "permissions":
		return columnAccess
	case "name", "displayname", "fullname":
		return columnName
	case "firstname", "givenname":
		return columnFirstName
	case "lastname", "surname", "familyname":
		return columnLastName
	}
	return columnNone
}

// ---------------------------------------------------------------------------
// Addresses

// stripMailto removes a "mailto:" scheme and its "?subject=..." query.
func stripMailto(s string) string {
	if !hasPrefixFold(s, "mailto:") {
		return s
	}
	s = s[len("mailto:"):]
	if q := strings.IndexByte(s, '?'); q >= 0 {
		s = s[:q]
	}
	if strings.IndexByte(s, '%') >= 0 {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
	}
	return s
}

// readAddress validates an address and lower-cases its domain. reason is empty when
// the address is valid; email is the address as far as it could be read either way.
func readAddress(s string) (email, reason string) {
	if plainAddress(s) {
		return s, ""
	}
	return explainAddress(s)
}

// explainAddress is readAddress for addresses off the fast path: it lower-cases the
// domain and says what is wrong, checking the most confusing problems first.
func explainAddress(s string) (email, reason string) {
	if s == "" {
		return "", reasonEmptyAddress
	}
	if r := invisibleReason(s); r != "" {
		return s, r
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return s, "contains a space"
	}
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return s, reasonMissingAt
	}
	if strings.IndexByte(s[at+1:], '@') >= 0 {
		return s, "has more than one @"
	}
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if domain != s[at+1:] {
		s = local + "@" + domain
	}
	if local == "" {
		return s, "nothing before the @"
	}
	if domain == "" {
		return s, "nothing after the @"
	}
	if n := utf8.RuneCountInString(s); n > MaxEmailLength {
		return s, fmt.Sprintf("is %d characters long; at most %d are allowed", n, MaxEmailLength)
	}
	if r := checkLocal(local); r != "" {
		return s, r
	}
	return s, checkDomain(domain)
}

// checkLocal validates the part before the @ (RFC 5321 dot-atom, UTF-8 letters allowed).
func checkLocal(local string) string {
	if len(local) > 64 {
		return "the part before the @ is longer than 64 characters"
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return "the part before the @ starts or ends with a dot, or has two dots in a row"
	}
	for _, r := range local {
		if r < utf8.RuneSelf {
			if isAtext(byte(r)) || r == '.' {
				continue
			}
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			continue
		}
		return fmt.Sprintf("has a character an address cannot have: %q", string(r))
	}
	return ""
}

// RFC 5322 atext (letters, digits and !#$%&'*+-/=?^_`{|}~) as bit masks over bytes 0-63 and 64-127.
const (
	atextLo uint64 = 1<<'!' | 1<<'#' | 1<<'$' | 1<<'%' | 1<<'&' | 1<<'\'' | 1<<'*' | 1<<'+' | 1<<'-' | 1<<'/' |
		0x3ff<<'0' | 1<<'=' | 1<<'?'
	atextHi uint64 = 0x3ffffff<<('A'-64) | 1<<('^'-64) | 1<<('_'-64) | 1<<('`'-64) | 0x3ffffff<<('a'-64) |
		1<<('{'-64) | 1<<('|'-64) | 1<<('}'-64) | 1<<('~'-64)
)

// isAtext reports whether c may appear in an unquoted local part (RFC 5322 atext).
func isAtext(c byte) bool {
	if c < 64 {
		return atextLo&(1<<c) != 0
	}
	return c < 128 && atextHi&(1<<(c-64)) != 0
}

// plainAddress is the fast path of readAddress: it reports whether s is a valid
// all-ASCII address whose domain is already lower case. Anything else takes the
// slow path, which also explains what is wrong.
func plainAddress(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at > 64 || len(s) > MaxEmailLength || s[0] == '.' || s[at-1] == '.' {
		return false
	}
	prevDot := false
	for i := 0; i < at; i++ {
		c := s[i]
		if c == '.' {
			if prevDot {
				return false
			}
			prevDot = true
			continue
		}
		if !isAtext(c) {
			return false
		}
		prevDot = false
	}
	d := s[at+1:]
	if len(d) < 4 || d[len(d)-1] == '.' { // the shortest domain is "x.io"
		return false
	}
	label, dots, digits := 0, 0, true // length of the current label; is it all digits
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c >= 'a' && c <= 'z':
			digits = false
		case c >= '0' && c <= '9':
		case c == '-':
			if label == 0 || i+1 == len(d) || d[i+1] == '.' {
				return false
			}
			digits = false
		case c == '.':
			if label == 0 {
				return false
			}
			dots++
			label, digits = 0, true
			continue
		default:
			return false
		}
		if label++; label > 63 {
			return false
		}
	}
	return dots > 0 && label >= 2 && !digits
}

// checkDomain validates a lower-cased domain: dotted labels of letters, digits and hyphens.
func checkDomain(d string) string {
	q := func() string { return quoteShort(d) }
	if d[0] == '[' {
		return "domain " + q() + " is an IP address; use the mail domain name instead"
	}
	if d[len(d)-1] == '.' {
		return "domain " + q() + " ends with a dot"
	}
	if strings.IndexByte(d, '.') < 0 {
		return "domain " + q() + " has no dot"
	}
	allDigits := true
	if d[0] == '.' {
		return "domain " + q() + " starts with a dot"
	}
	for label := range strings.SplitSeq(d, ".") {
		if label == "" {
			return "domain " + q() + " has two dots in a row"
		}
		if len(label) > 63 {
			return "domain " + q() + " has a part longer than 63 characters"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "domain " + q() + " has a part that starts or ends with a hyphen"
		}
		allDigits = true
		for _, r := range label {
			switch {
			case r >= '0' && r <= '9':
			case r >= 'a' && r <= 'z', r == '-':
				allDigits = false
			case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)):
				allDigits = false
			default:
				return fmt.Sprintf("domain %s has a character a domain cannot have: %q", q(), string(r))
			}
		}
	}
	// allDigits now describes the last label, the top-level domain.
	if allDigits {
		return "domain " + q() + " looks like an IP address; use the mail domain name instead"
	}
	if tld := d[strings.LastIndexByte(d, '.')+1:]; utf8.RuneCountInString(tld) < 2 {
		return "domain " + q() + " ends in a one-letter part, which is not a real top-level domain"
	}
	return ""
}

func invisibleMessage(r rune) string {
	return fmt.Sprintf("contains an invisible character (U+%04X)", r)
}

// quoteShort quotes s for a message, cut to a readable length.
func quoteShort(s string) string { return strconv.Quote(shortText(s)) }

// shortText cuts s to at most 60 bytes, marking the cut with "…".
func shortText(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max - 3
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// cleanName makes a display name safe to show: quotes and brackets around it removed,
// MIME encoded words decoded, invisible characters dropped, length capped. A name that
// only repeats the address is dropped.
func cleanName(name, email string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	if len(name) >= 2 {
		if f, l := name[0], name[len(name)-1]; f == '\'' && l == '\'' || f == '[' && l == ']' || f == '"' && l == '"' {
			name = strings.TrimSpace(name[1 : len(name)-1])
		}
	}
	if strings.Contains(name, "=?") {
		if d, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
			name = d
		}
	}
	clean := true
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c >= 0x7f {
			clean = false
			break
		}
	}
	if !clean {
		var b strings.Builder
		space := false
		for _, r := range strings.ToValidUTF8(name, "\uFFFD") {
			switch {
			case unicode.IsSpace(r):
				space = true
				continue
			case outside.Hidden(r):
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
		name = b.String()
	}
	if len(name) > maxNameLength {
		cut := maxNameLength
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut]
	}
	name = strings.TrimSpace(name)
	if strings.EqualFold(name, email) || strings.EqualFold(stripMailto(name), email) {
		return ""
	}
	return name
}

// unescape removes the backslashes of a quoted string's escapes.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// ---------------------------------------------------------------------------
// Access words

// lookupAccess is ParseAccess without allocations or error text, for the hot path.
func lookupAccess(s string) (Access, bool) {
	if s == "" || len(s) > 24 {
		return 0, false
	}
	digits := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return 0, false
		}
		if (c < '0' || c > '9') && (i > 0 || c != '+' && c != '-') {
			digits = false
		}
	}
	if digits {
		n, err := strconv.Atoi(s)
		return Access(n), err == nil && Access(n).Valid()
	}
	// Most words are names: turn them away by their first letter before walking the table.
	if strings.IndexByte(accessInitials, s[0]|0x20) < 0 {
		return 0, false
	}
	for a, info := range accessTable {
		if a == AccessReadWrite {
			continue
		}
		if sameFold(s, info.label) || sameFold(s, info.apiName) {
			return a, true
		}
		for _, al := range info.aliases {
			if sameFold(s, al) {
				return a, true
			}
		}
	}
	return 0, false
}

// sameFold is strings.EqualFold for an ASCII s, checking the length first.
func sameFold(s, kw string) bool { return len(s) == len(kw) && strings.EqualFold(s, kw) }

// accessInitials holds the lower-cased first letters of every name ParseAccess accepts;
// a test keeps it in step with accessTable.
const accessInitials = "acefmprv"

// lookupAccess2 looks up a two-word access level ("room admin", "read only").
func lookupAccess2(w1, w2 string) (Access, bool) {
	var buf [24]byte
	if len(w1)+1+len(w2) > len(buf) {
		return 0, false
	}
	n := copy(buf[:], w1)
	buf[n] = ' '
	n++
	n += copy(buf[n:], w2)
	return lookupAccess(string(buf[:n]))
}

// accessError is ParseAccess's explanation of why s is not an access level.
func accessError(s string) string {
	if len(s) > 40 {
		s = s[:37] + "…"
	}
	if _, err := ParseAccess(s); err != nil {
		return err.Error()
	}
	return "unknown access level " + quoteShort(s)
}

// nearAccess reports whether a word after an address is most likely a misspelt access
// level ("edtor", "veiwer", "admn") or an access number, rather than a stray word.
func nearAccess(w string) bool {
	if w == "" || len(w) > 16 { // the longest name, "contentcreator", plus two typos
		return false
	}
	var lw [16]byte // w lower-cased, without hyphens
	m, digits := 0, true
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'z':
			digits = false
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			digits = false
		case c == '-':
			digits = false
			continue
		default:
			return false
		}
		lw[m] = c
		m++
	}
	if digits {
		return len(w) <= 3
	}
	if m < 4 {
		return false
	}
	word := lw[:m]
	for a, info := range accessTable {
		if a == AccessReadWrite {
			continue
		}
		if nearWord(word, info.label) || nearWord(word, info.apiName) {
			return true
		}
		for _, al := range info.aliases {
			if nearWord(word, al) {
				return true
			}
		}
	}
	return false
}

// nearWord reports whether the lower-case word w is a prefix of kw or within a small
// edit distance of it, ignoring case, spaces and hyphens in kw. Typos seldom hit the
// first letter, so only keywords starting like w (or with a letter swapped or
// dropped there) are compared, which keeps names after addresses cheap.
func nearWord(w []byte, kw string) bool {
	if kw == "" {
		return false
	}
	k0 := kw[0] | 0x20
	if k0 != w[0] && k0 != w[1] && (len(kw) < 2 || kw[1]|0x20 != w[0]) {
		return false
	}
	var k [24]byte
	n := 0
	for i := 0; i < len(kw) && n < len(k); i++ {
		c := kw[i]
		if c == ' ' || c == '-' {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		k[n] = c
		n++
	}
	m := len(w)
	if m <= n && string(k[:m]) == string(w) {
		return true
	}
	limit := 1
	if n > 5 {
		limit = 2
	}
	if m-n > limit || n-m > limit {
		return false
	}
	return editDistance(w, k[:n]) <= limit
}

// editDistance is the Levenshtein distance of two short byte strings.
func editDistance(a, b []byte) int {
	var prev, cur [25]int
	for j := range len(b) + 1 {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// ---------------------------------------------------------------------------
// CSV files

// ErrNotText is ReadInviteesCSV's error for a file that is not text: a spreadsheet,
// an archive, an image.
var ErrNotText = errors.New("the invitee file is not a text file (it looks binary): export the list as CSV or plain text")

// fromUTF16 returns UTF-16 text (Excel's "Unicode Text", PowerShell's default) as
// UTF-8, found by its byte-order mark or, without one, by the zero bytes that ASCII
// letters leave in every other byte. Anything else is returned as it is.
func fromUTF16(data []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		order, data = binary.LittleEndian, data[2:]
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		order, data = binary.BigEndian, data[2:]
	default:
		// Counted over the start: a list of addresses is mostly ASCII, so in UTF-16 most
		// of its even (big-endian) or odd (little-endian) bytes are zero, and few others.
		sample := data[:min(len(data), 4096)]
		var zeros [2]int
		for i, c := range sample {
			if c == 0 {
				zeros[i%2]++
			}
		}
		half := len(sample) / 2
		switch {
		case half < 2:
			return data
		case zeros[0] > half*3/5 && zeros[1] < half/10:
			order = binary.BigEndian
		case zeros[1] > half*3/5 && zeros[0] < half/10:
			order = binary.LittleEndian
		default:
			return data
		}
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = order.Uint16(data[2*i:])
	}
	return []byte(string(utf16.Decode(units)))
}

// looksBinary says data is not text: it holds a zero byte (no text file but UTF-16,
// already decoded, has one), or more than a tenth of its start is control bytes or
// bytes that are not UTF-8. A Latin-1 name here and there stays text, for the row
// that holds it to explain.
func looksBinary(data []byte) bool {
	sample := data[:min(len(data), 64<<10)]
	if bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	odd := 0
	for i := 0; i < len(sample); {
		r, size := utf8.DecodeRune(sample[i:])
		switch {
		case r == utf8.RuneError && size == 1 && len(sample)-i >= utf8.UTFMax:
			odd++
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v', r == 0x7F:
			odd++
		}
		i += size
	}
	return odd*10 > len(sample)
}

// ReadInviteesCSV reads a CSV file with a header (email,access[,name]).
// Columns are found by name in any order and case ("email" or "e-mail", "access",
// "name" or "display name"); a ";" or tab delimiter is detected from the header.
// Rows that cannot be read become invalid entries; only an unreadable file or header
// is an error.
func ReadInviteesCSV(r io.Reader) (InviteeList, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInviteesFileSize+1))
	if err != nil {
		return InviteeList{}, fmt.Errorf("reading the invitee file: %w", err)
	}
	if len(data) > MaxInviteesFileSize {
		return InviteeList{}, fmt.Errorf("the invitee file is larger than %d MB: split it into smaller files and import them one at a time", MaxInviteesFileSize>>20)
	}
	data = fromUTF16(data)
	if looksBinary(data) {
		return InviteeList{}, ErrNotText
	}
	text := string(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if strings.IndexByte(text, '\n') < 0 {
		// Old Mac files end lines with a lone CR, which encoding/csv does not split on.
		text = strings.ReplaceAll(text, "\r", "\n")
	}

	// Skip blank lines and Excel's "sep=;" hint before the header.
	seg, segLine, comma := 0, 0, rune(0)
	for seg < len(text) {
		end := strings.IndexByte(text[seg:], '\n')
		if end < 0 {
			end = len(text) - seg
		}
		l := strings.TrimSpace(text[seg : seg+end])
		if len(l) == 5 && hasPrefixFold(l, "sep=") && strings.IndexByte(",;\t|", l[4]) >= 0 {
			comma = rune(l[4])
		} else if l != "" {
			if comma == 0 {
				comma = detectDelimiter(l)
			}
			break
		}
		seg += min(end+1, len(text)-seg)
		segLine++
	}
	if seg >= len(text) {
		return InviteeList{}, errors.New("the invitee file is empty: it needs a header line such as email,access,name and one person per line")
	}

	cr := newCSVReader(text[seg:], comma)
	header, err := cr.Read()
	if err != nil {
		return InviteeList{}, fmt.Errorf("reading the header (line %d) of the invitee file: %v: fix the header line and try again", segLine+1, err)
	}
	cols, err := findColumns(header, comma)
	if err != nil {
		return InviteeList{}, err
	}

	p := lineParser{limit: MaxEntries}
	entries := make([]Entry, 0, min(strings.Count(text, "\n")+1, MaxEntries+1))
	prev := int(cr.InputOffset())
	restarts := 0
	for !p.full {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		off := int(cr.InputOffset())
		raw := strings.Trim(text[seg+prev:seg+off], "\r\n")
		if err == nil {
			prev = off
			if !blankRecord(rec) {
				pos := 0
				if cols.email < len(rec) {
					pos = cols.email
				}
				line, _ := cr.FieldPos(pos)
				entries = cols.appendRow(&p, entries, rec, raw, segLine+line)
			}
			continue
		}
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return InviteeList{}, fmt.Errorf("reading the invitee file: %w", err)
		}
		// A stray quote ("Jane "JJ" Doe", or one never closed): read the line again on
		// its own, leniently, as spreadsheet programs do.
		lineNo := segLine + pe.StartLine
		if i := strings.IndexByte(raw, '\n'); i >= 0 {
			raw = strings.TrimRight(raw[:i], "\r")
		}
		if rec := splitLenient(raw, comma); !blankRecord(rec) {
			entries = cols.appendRow(&p, entries, rec, raw, lineNo)
		}
		if pe.Line == pe.StartLine {
			prev = off
			continue
		}
		// The broken field swallowed the lines after it: read them again, with a new
		// reader from the next line on; after many such restarts, line by line.
		start := seg + prev
		for strings.HasPrefix(text[start:], "\n") || strings.HasPrefix(text[start:], "\r\n") {
			start += strings.IndexByte(text[start:], '\n') + 1
		}
		nl := strings.IndexByte(text[start:], '\n')
		if nl < 0 {
			break
		}
		seg, segLine, prev = start+nl+1, lineNo, 0
		if restarts++; restarts > maxCSVRestarts {
			entries = readLenient(&p, entries, text[seg:], segLine, comma, cols)
			break
		}
		cr = newCSVReader(text[seg:], comma)
	}
	return mergeInPlace(entries), nil
}

// maxCSVRestarts bounds how often a broken quote makes ReadInviteesCSV start a new
// csv.Reader; a file with more broken quotes than this is read line by line.
const maxCSVRestarts = 100

// readLenient reads the rest of a CSV file one line at a time, for files whose quotes
// are too broken for encoding/csv. Quoted fields cannot span lines here.
func readLenient(p *lineParser, dst []Entry, text string, lineNo int, comma rune, cols csvColumns) []Entry {
	for text != "" && !p.full {
		line := text
		if nl := strings.IndexByte(text, '\n'); nl >= 0 {
			line, text = text[:nl], text[nl+1:]
		} else {
			text = ""
		}
		lineNo++
		line = strings.TrimRight(line, "\r")
		if rec := splitLenient(line, comma); !blankRecord(rec) {
			dst = cols.appendRow(p, dst, rec, line, lineNo)
		}
	}
	return dst
}

// splitLenient splits one CSV line into fields the way encoding/csv does with
// LazyQuotes: a quote closes a quoted field only before a delimiter or the end of
// the line, and an unclosed quoted field runs to the end of the line.
func splitLenient(line string, comma rune) []string {
	sep := string(comma)
	var fields []string
	for {
		line = strings.TrimLeft(line, " ")
		if !strings.HasPrefix(line, `"`) {
			i := strings.Index(line, sep)
			if i < 0 {
				return append(fields, line)
			}
			fields = append(fields, line[:i])
			line = line[i+len(sep):]
			continue
		}
		var b strings.Builder
		i := 1
		for i < len(line) {
			c := line[i]
			if c != '"' {
				b.WriteByte(c)
				i++
				continue
			}
			if strings.HasPrefix(line[i+1:], `"`) {
				b.WriteByte('"')
				i += 2
				continue
			}
			if rest := line[i+1:]; rest == "" || strings.HasPrefix(rest, sep) {
				break
			}
			b.WriteByte('"')
			i++
		}
		fields = append(fields, b.String())
		if i+1 >= len(line) {
			return fields
		}
		line = line[i+1+len(sep):]
	}
}

// blankRecord reports whether every field of a CSV record is empty or spaces.
func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func newCSVReader(text string, comma rune) *csv.Reader {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	return cr
}

// detectDelimiter picks the header's delimiter: a comma, else a semicolon, else a tab.
func detectDelimiter(header string) rune {
	switch {
	case strings.IndexByte(header, ',') >= 0:
		return ','
	case strings.IndexByte(header, ';') >= 0:
		return ';'
	case strings.IndexByte(header, '\t') >= 0:
		return '\t'
	}
	return ','
}

// csvColumns are the indexes of the known columns of a CSV file; -1 when absent.
type csvColumns struct {
	email, access, name, first, last int
}

func findColumns(header []string, comma rune) (csvColumns, error) {
	cols := csvColumns{-1, -1, -1, -1, -1}
	for i, h := range header {
		var dst *int
		switch headerColumn(strings.TrimSpace(h)) {
		case columnEmail:
			dst = &cols.email
		case columnAccess:
			dst = &cols.access
		case columnName:
			dst = &cols.name
		case columnFirstName:
			dst = &cols.first
		case columnLastName:
			dst = &cols.last
		}
		if dst != nil && *dst < 0 {
			*dst = i
		}
	}
	if cols.email >= 0 {
		return cols, nil
	}
	found := quoteShort(strings.Join(header, string(comma)))
	if strings.Contains(strings.Join(header, ""), "@") {
		return cols, fmt.Errorf("the first line of the invitee file, %s, is an address, not a header: add a first line such as email,access,name", found)
	}
	return cols, fmt.Errorf("the invitee file has no e-mail column: its header is %s, but one column must be named email (or e-mail, mail); for example: email,access,name", found)
}

// appendRow appends the entries of one CSV record: the email cell is parsed like pasted
// text, then the access and name columns apply to the addresses found.
func (c csvColumns) appendRow(p *lineParser, dst []Entry, rec []string, raw string, lineNo int) []Entry {
	cell := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	n0 := len(dst)
	dst = p.parse(dst, cell(c.email), lineNo, false)
	if len(dst) == n0 {
		return p.add(dst, Entry{Line: lineNo, Raw: raw, Err: "no e-mail address in this row", Invitee: Invitee{Line: lineNo}})
	}
	accText := cell(c.access)
	acc, accOK := lookupAccess(accText)
	name := cell(c.name)
	if name == "" {
		name = strings.TrimSpace(cell(c.first) + " " + cell(c.last))
	}
	for i := n0; i < len(dst); i++ {
		e := &dst[i]
		e.Raw = raw
		if e.Invitee.Email == "" {
			continue
		}
		if accText != "" {
			if accOK {
				e.Invitee.Access = acc
			} else if e.Err == "" {
				e.Err = accessError(accText)
			}
		}
		if e.Invitee.Name == "" {
			e.Invitee.Name = cleanName(name, e.Invitee.Email)
		}
	}
	return dst
}
