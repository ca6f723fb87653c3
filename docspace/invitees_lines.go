package docspace

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// parse appends the entries of one line to dst. skipHeader drops a column-header line.
func (p *lineParser) parse(dst []Entry, line string, lineNo int, skipHeader bool) []Entry {
	line = strings.TrimPrefix(line, "\uFEFF")
	if e, ok := groupEntry(line, lineNo); ok && skipHeader { // pasted text, not a CSV cell, may name a group
		return p.add(dst, e)
	}
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
