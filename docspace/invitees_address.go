package docspace

import (
	"fmt"
	"mime"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

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
