package tui

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// utf8Locale reports whether the locale can show UTF-8: the one rule of every front-end.
func utf8Locale(getenv func(string) string) bool { return onboard.UTF8Locale(getenv) }

// toASCII rewrites a frame for a terminal without UTF-8 (LANG=C and the like): the
// wizard's symbols become ASCII look-alikes, the spinner's braille dots a turning
// bar, and any other character question marks of the same width. Escape sequences
// are ASCII already and pass through.
func toASCII(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch g, ok := onboard.ASCIICell(r); {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case ok:
			b.WriteRune(g)
		case r >= 0x2800 && r <= 0x28FF: // braille: the spinner
			b.WriteByte(`|/-\`[r%4])
		default:
			b.WriteString(strings.Repeat("?", ansi.StringWidth(string(r))))
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiWriter rewrites the plain lines the wizard prints (the summary after it ends,
// the accessible prompts) for a terminal without UTF-8: nothing is aligned there, so
// the palette's symbols take their ASCII text ("..." for "…", "->" for "→"), as
// --yes prints them; any other character is a question mark, as on the screens.
func asciiWriter(w io.Writer) io.Writer {
	return onboard.NewRewriter(w, func(s string) string { return toASCII(onboard.ASCIIText(s)) })
}
