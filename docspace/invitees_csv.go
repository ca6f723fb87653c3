package docspace

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

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
