package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/term"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Accessible reports whether prompts should be plain lines: asked for with the flag,
// ACCESSIBLE set (huh's convention) or a terminal that draws nothing (TERM=dumb).
func (e Env) Accessible(flag bool) bool {
	return flag || e.getenv("ACCESSIBLE") != "" || e.getenv("TERM") == "dumb"
}

// errInputEnded is a prompt whose input ended before an answer.
var errInputEnded = errors.New("the input ended before an answer")

// plainPrompter asks login's questions as plain lines, for screen readers and
// terminals that cannot draw a form: no styling, no colour, no cursor movement.
type plainPrompter struct {
	in  io.Reader
	out io.Writer
}

func (p plainPrompter) Portal(ctx context.Context, suggested string) (string, error) {
	fmt.Fprintln(p.out, "DocSpace portal: the address you open DocSpace at, e.g. https://yourname.onlyoffice.com")
	prompt := "Portal: "
	if suggested != "" {
		prompt = "Portal (Enter for " + suggested + "): "
	}
	for {
		fmt.Fprint(p.out, prompt)
		line, err := readLine(ctx, p.in)
		if err != nil {
			return "", err
		}
		if line = strings.TrimSpace(line); line == "" {
			line = suggested
		}
		if _, err := docspace.NormalizePortal(line); err != nil {
			fmt.Fprintln(p.out, onboard.UpperFirst(err.Error())+".")
			continue
		}
		return line, nil
	}
}

func (p plainPrompter) Key(ctx context.Context, portal string) (string, error) {
	f, masked := p.in.(term.File)
	masked = masked && term.IsTerminal(f.Fd())
	fmt.Fprintln(p.out, "API key for "+portal+": "+createKeyHint+". It is checked with the portal, then kept in the system keyring.")
	for {
		var (
			key string
			err error
		)
		if masked {
			key, err = readSecret(f, p.out, "API key (typing is not shown): ")
			fmt.Fprintln(p.out) // the Enter the terminal did not echo
		} else {
			fmt.Fprint(p.out, "API key: ")
			key, err = readLine(ctx, p.in)
		}
		if err != nil {
			return "", err
		}
		if problem := keyProblem(strings.TrimSpace(key)); problem != "" {
			fmt.Fprintln(p.out, problem)
			continue
		}
		return key, nil
	}
}

// readLine reads one line, byte by byte so nothing past it is taken from a terminal
// a password prompt reads next.
func readLine(ctx context.Context, r io.Reader) (string, error) {
	var sb strings.Builder
	var b [1]byte
	for {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		n, err := r.Read(b[:])
		if n == 1 {
			if b[0] == '\n' {
				return strings.TrimSuffix(sb.String(), "\r"), nil
			}
			sb.WriteByte(b[0])
		}
		if err != nil {
			if sb.Len() > 0 {
				return sb.String(), nil
			}
			return "", errInputEnded
		}
	}
}

// readSecret shows prompt and reads a line from the terminal f without echo. The
// terminal is put in raw mode before the prompt shows, so nothing typed after it is
// ever echoed, and Ctrl+C arrives as a key that cancels (the terminal is restored).
func readSecret(f term.File, out io.Writer, prompt string) (string, error) {
	state, err := term.MakeRaw(f.Fd())
	if err != nil {
		return "", err
	}
	defer func() { _ = term.Restore(f.Fd(), state) }()
	fmt.Fprint(out, prompt)
	var line []rune
	buf := make([]byte, 0, 8)
	var b [1]byte
	for {
		if _, err := f.Read(b[:]); err != nil {
			return "", errInputEnded
		}
		switch c := b[0]; {
		case c == '\r' || c == '\n':
			return string(line), nil
		case c == 3: // Ctrl+C
			return "", huh.ErrUserAborted
		case c == 4 && len(line) == 0: // Ctrl+D on an empty line
			return "", errInputEnded
		case c == 127 || c == 8: // Backspace
			if len(line) > 0 {
				line = line[:len(line)-1]
			}
		case c == 21: // Ctrl+U
			line = line[:0]
		case c >= 0x20:
			buf = append(buf, c)
			if utf8.FullRune(buf) {
				r, _ := utf8.DecodeRune(buf)
				line = append(line, r)
				buf = buf[:0]
			}
		}
	}
}
