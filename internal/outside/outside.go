// Package outside makes text from outside the program (the portal's answers, files,
// the keyring, the environment) safe to show in a terminal. It is the one boundary:
// every such string passes through it where it enters, so no output path can forget.
//
// Safe means valid UTF-8, no C0 or C1 control (so no escape sequence of any kind,
// 7-bit or 8-bit), no bidi control, no zero-width or other invisible character, and a
// bounded length.
package outside

import (
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxRunes is the most characters Text keeps; longer text ends in "…". It is well
// above anything DocSpace stores in one field (titles 170, e-mails 255, names 255).
const MaxRunes = 1000

// Hidden reports whether r does not show on screen or changes how the text around it
// is shown: a C0 or C1 control, a format character (zero-width, bidi embedding,
// override and isolate, soft hyphen, tag), a variation selector or a filler.
func Hidden(r rune) bool {
	switch {
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return true
	case r < utf8.RuneSelf:
		return false
	case r == 0x034f, r == 0x115f, r == 0x1160, r == 0x17b4, r == 0x17b5, r == 0x2800, r == 0x3164, r == 0xffa0,
		r >= 0x180b && r <= 0x180f, r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// Unsafe reports the characters no outside text may bring to the terminal: C0 and C1
// controls (every escape sequence starts with one) and format characters (bidi
// embeddings, overrides and isolates, zero-width characters, soft hyphen, tags).
// Variation selectors and fillers are Hidden but harmless, and kept: a title with an
// emoji reads back as it was sent.
func Unsafe(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f || r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r)
}

// Joins reports whether a zero-width joiner (U+200D) between prev and next is part of
// an emoji sequence (👨‍👩‍👧, 🏳️‍🌈, 🧑‍💻): it is kept there, and dropped everywhere else
// like any other format character. prev may end in a variation selector or a skin tone.
func Joins(prev, next rune) bool {
	return (emoji(prev) || prev == 0xfe0f || prev >= 0x1f3fb && prev <= 0x1f3ff) && emoji(next)
}

// emoji reports a symbol an emoji sequence joins (So: emoji are "other symbols").
func emoji(r rune) bool {
	return r >= 0x2000 && r != unicode.ReplacementChar && unicode.Is(unicode.So, r)
}

// Text returns s made safe to show: invalid UTF-8 becomes U+FFFD, line breaks, tabs
// and other spacing controls become a space, every other Unsafe character is dropped,
// and the result is cut to MaxRunes characters. Inner spacing is kept, so a title
// read back still equals the one that was sent.
func Text(s string) string { return clean(s, MaxRunes, false) }

// Line returns s made safe to show on one line of at most max characters (max < 1
// means MaxRunes): as Text, but a hidden character separates words like a space, runs
// of spacing collapse to one space and the ends are trimmed. Messages and reasons use it.
func Line(s string, max int) string {
	if max < 1 {
		max = MaxRunes
	}
	return clean(s, max, true)
}

// Safe reports whether s is what Text returns for it: no Unsafe character, valid
// UTF-8, at most MaxRunes characters.
func Safe(s string) bool { return plain(s, MaxRunes) || Text(s) == s }

// plain reports s as printable ASCII of at most max bytes: the common case, returned
// as it is without allocating.
func plain(s string, max int) bool {
	if len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// spacing reports the controls and separators that stand for a space between words.
func spacing(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

func clean(s string, max int, collapse bool) string {
	if plain(s, max) && (!collapse || !strings.Contains(s, "  ") && strings.TrimSpace(s) == s) {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), 4*max+3))
	n := 0
	pending := false // a space waits to be written (collapse mode)
	var last rune    // the last character written
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size <= 1 {
			r = unicode.ReplacementChar
		}
		if r == zwj {
			if next, _ := utf8.DecodeRuneInString(s[i:]); Joins(last, next) && !pending && n < max {
				b.WriteRune(r) // inside an emoji sequence; not counted, as it adds nothing seen
				continue
			}
		}
		isSpace := spacing(r) || r == ' ' || collapse && (unicode.IsSpace(r) || Unsafe(r))
		if !isSpace && Unsafe(r) {
			continue
		}
		if collapse {
			if isSpace {
				pending = n > 0
				continue
			}
			if pending {
				if n >= max {
					b.WriteString("…")
					return b.String()
				}
				b.WriteByte(' ')
				n++
				pending = false
			}
		} else if isSpace {
			r = ' '
		}
		if n >= max {
			b.WriteString("…")
			return b.String()
		}
		b.WriteRune(r)
		last = r
		n++
	}
	return b.String()
}

// zwj is the zero-width joiner.
const zwj = 0x200d

// Clean makes every string reachable from v safe with Text, in place: fields of
// structs (exported ones), elements of slices and arrays, keys and values of maps,
// through pointers and interfaces. v is a pointer to what was decoded. Decoding calls
// it once on each answer, so every string the program holds from outside is safe.
func Clean(v any) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return
	}
	cleanValue(rv, 0)
}

// maxDepth bounds the walk; decoded answers are far shallower.
const maxDepth = 64

func cleanValue(v reflect.Value, depth int) {
	if depth > maxDepth {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if v.Kind() == reflect.Interface && e.Kind() == reflect.String {
			if s := e.String(); !Safe(s) && v.CanSet() {
				v.Set(reflect.ValueOf(Text(s)).Convert(e.Type()))
			}
			return
		}
		if v.Kind() == reflect.Interface && !e.CanSet() {
			// A value held in an interface (a map[string]any's struct, say) is not
			// addressable: clean a copy and put it back.
			cp := reflect.New(e.Type()).Elem()
			cp.Set(e)
			cleanValue(cp, depth+1)
			if v.CanSet() {
				v.Set(cp)
			}
			return
		}
		cleanValue(e, depth+1)
	case reflect.String:
		if s := v.String(); !Safe(s) && v.CanSet() {
			v.SetString(Text(s))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				cleanValue(f, depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return // raw bytes ([]byte, json.RawMessage) are not text
		}
		for i := 0; i < v.Len(); i++ {
			cleanValue(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		type kv struct{ k, v reflect.Value }
		var changed []kv
		iter := v.MapRange()
		for iter.Next() {
			k, val := iter.Key(), iter.Value()
			ck := reflect.New(k.Type()).Elem()
			ck.Set(k)
			cleanValue(ck, depth+1)
			cv := reflect.New(val.Type()).Elem()
			cv.Set(val)
			cleanValue(cv, depth+1)
			if !ck.Equal(k) || !reflect.DeepEqual(cv.Interface(), val.Interface()) {
				changed = append(changed, kv{k, reflect.Value{}}, kv{ck, cv})
			}
		}
		for i := 0; i < len(changed); i += 2 {
			v.SetMapIndex(changed[i].k, reflect.Value{})
			v.SetMapIndex(changed[i+1].k, changed[i+1].v)
		}
	}
}
