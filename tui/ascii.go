package tui

import (
	"io"

	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// utf8Locale reports whether the locale can show UTF-8: the one rule of every front-end.
func utf8Locale(getenv func(string) string) bool { return onboard.UTF8Locale(getenv) }

// toASCII rewrites a frame for a terminal without UTF-8 (LANG=C and the like), keeping
// its layout: see onboard.ASCIIScreen.
func toASCII(s string) string { return onboard.ASCIIScreen(s) }

func isASCII(s string) bool { return onboard.IsASCII(s) }

// asciiWriter rewrites the plain lines the wizard prints (the summary after it ends,
// the accessible prompts) for a terminal without UTF-8: nothing is aligned there, so
// the palette's symbols take their ASCII text ("..." for "…", "->" for "→"), as
// --yes prints them; any other character is a question mark, as on the screens.
func asciiWriter(w io.Writer) io.Writer {
	return onboard.NewRewriter(w, func(s string) string { return toASCII(onboard.ASCIIText(s)) })
}
