// Package redact hides API keys in text that is about to be shown, logged or stored:
// the one place that decides what counts as a key. Every error, message and quoted
// input that might carry a key passes through Secrets.
package redact

import "strings"

// Mark is what a hidden key is replaced with.
const Mark = "[API key]"

// minBody is the fewest letters and digits after "sk-" that make a word look like a
// key, and the shortest key body hidden on its own: shorter ones would hide ordinary words.
const minBody = 8

// Secrets returns s with every key in keys hidden (in any letter case, with or without
// its "sk-" prefix) and every word shaped like an API key ("sk-" and 8 or more letters
// and digits, in any case) hidden too, so a key nobody told us about is not shown either.
func Secrets(s string, keys ...string) string {
	for _, k := range keys {
		s = replaceFold(replaceFold(s, k), body(k))
	}
	return keyShaped(s)
}

// Contains reports whether s shows key (in any letter case, with or without "sk-").
func Contains(s, key string) bool {
	return key != "" && (replaceFold(s, key) != s || replaceFold(s, body(key)) != s)
}

// body is key without its "sk-" prefix, or "" when it has none or is too short to hide alone.
func body(key string) string {
	if len(key) < 3+minBody || !strings.EqualFold(key[:3], "sk-") {
		return ""
	}
	return key[3:]
}

// replaceFold replaces every occurrence of key in s, in any letter case, with Mark.
func replaceFold(s, key string) string {
	if key == "" || len(s) < len(key) {
		return s
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		if i+len(key) <= len(s) && strings.EqualFold(s[i:i+len(key)], key) {
			b.WriteString(Mark)
			i += len(key)
			changed = true
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	if !changed {
		return s
	}
	return b.String()
}

// keyShaped hides every word that starts with "sk-" (any case, not inside a longer
// word such as "desk-") followed by at least minBody letters and digits.
func keyShaped(s string) string {
	alnum := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	if indexFold(s, "sk-") < 0 {
		return s
	}
	var b strings.Builder
	for {
		i := indexFold(s, "sk-")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i + 3
		for j < len(s) && alnum(s[j]) {
			j++
		}
		if j-i-3 >= minBody && (i == 0 || !alnum(s[i-1])) {
			b.WriteString(s[:i] + Mark)
		} else {
			b.WriteString(s[:j])
		}
		s = s[j:]
	}
}

// indexFold is strings.Index for an ASCII sub-string in any letter case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
