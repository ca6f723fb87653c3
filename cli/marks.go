package cli

import (
	"io"

	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// marked is w drawing the palette's marks in ASCII when the env's locale cannot show
// UTF-8 (LANG=C): every command's text output goes through it once. A JSON answer is
// data and stays as it is.
func (e Env) marked(w io.Writer) io.Writer { return onboard.Output(w, e.getenv) }
