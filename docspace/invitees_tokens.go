package docspace

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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
