package docspace

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

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
