package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// portalPhase is what the portal step is doing.
type portalPhase int

const (
	portalEditing  portalPhase = iota
	portalChecking             // the key is being checked against the portal
	portalSaving               // storing the key in the keyring
	portalOffer                // the keyring failed: offer "this run only"
)

// keySavedMsg is the keyring's answer to storing a key.
type keySavedMsg struct {
	gen int
	err error
}

// portalStep asks for the portal address and an API key, checks the key while the
// user waits, and stores it in the keyring.
type portalStep struct {
	st      *state
	portal  textinput.Model
	key     textinput.Model
	focus   int // 0 portal, 1 key
	phase   portalPhase
	spin    spinner.Model
	problem string // why the last attempt failed, as a sentence
	saveErr string
	choice  int // in portalOffer: 0 this run only, 1 try again
	// verdict is the checked key's, for storing it.
	verdict onboard.KeyVerdict
}

func newPortalStep(st *state) *portalStep {
	p := &portalStep{st: st}
	p.portal = st.newInput("", "https://yourportal.onlyoffice.com")
	p.portal.SetValue(st.portal)
	p.key = st.newInput("", "sk-…")
	p.key.EchoMode = textinput.EchoPassword
	p.key.EchoCharacter = '•'
	// DOCSPACE_API_KEY is offered only where it may go: not to a --portal other than the
	// default one (the resolution skipped it there, so the portal step asks).
	if k := strings.TrimSpace(st.opts.Getenv(keystore.EnvKey)); k != "" && !st.opts.PortalFlag {
		p.key.SetValue(k)
	}
	p.spin = newSpinner(&st.common)
	p.resize()
	return p
}

// newSpinner is the wizard's spinner: one cell wide, so it lines up with ✓ and ✗.
func newSpinner(c *common) spinner.Model {
	dots := spinner.Spinner{Frames: []string{"⣾", "⣽", "⣻", "⢿", "⡿", "⣟", "⣯", "⣷"}, FPS: time.Second / 10}
	return spinner.New(spinner.WithSpinner(dots), spinner.WithStyle(c.styles.accent.Style))
}

func (p *portalStep) enter() tea.Cmd {
	st := p.st
	if st.keyStatus == keyBad {
		// The key that failed is not worth showing again.
		p.key.SetValue("")
		p.problem = ""
		p.focus = 1
	} else if strings.TrimSpace(p.portal.Value()) == "" {
		p.focus = 0
	} else {
		p.focus = 1
	}
	if p.phase == portalChecking && st.keyStatus != keyChecking {
		p.phase = portalEditing
	}
	return p.focusField()
}

func (p *portalStep) focusField() tea.Cmd {
	p.portal.Blur()
	p.key.Blur()
	if p.focus == 0 {
		return p.portal.Focus()
	}
	return p.key.Focus()
}

func (p *portalStep) resize() {
	w := max(10, p.st.bodyWidth-14)
	p.portal.SetWidth(w)
	p.key.SetWidth(w)
	p.st.styleInput(&p.portal)
	p.st.styleInput(&p.key)
	p.spin.Style = p.st.styles.accent.Style
}

func (p *portalStep) typing() bool { return p.phase == portalEditing }

func (p *portalStep) keys() help.KeyMap {
	k := p.st.keys
	switch p.phase {
	case portalChecking, portalSaving:
		return bindings{short: []key.Binding{relabel(k.Back, "esc", "cancel")}}
	case portalOffer:
		return bindings{short: []key.Binding{relabel(k.Next, "enter", "select"), relabel(k.Up, "↑/↓", "choose"), relabel(k.Back, "esc", "edit the key")}}
	}
	return bindings{short: []key.Binding{relabel(k.Next, "enter", "check the key"), k.Tab, k.Back}}
}

func (p *portalStep) Update(msg tea.Msg) tea.Cmd {
	st := p.st
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if p.phase == portalChecking || p.phase == portalSaving {
			var cmd tea.Cmd
			p.spin, cmd = p.spin.Update(msg)
			return cmd
		}
		return nil
	case keyCheckedMsg:
		if p.phase != portalChecking {
			return nil
		}
		if st.keyStatus != keyOK {
			p.phase = portalEditing
			p.problem = keyProblem(msg.info, msg.err)
			switch {
			case msg.client == nil, docspace.KindOf(msg.err) == docspace.KindNetwork, docspace.KindOf(msg.err) == docspace.KindBadResponse:
				p.focus = 0 // no portal there: the address is the likely problem
			case docspace.KindOf(msg.err) == docspace.KindUnauthorized:
				p.key.SetValue("") // a rejected key is of no use; paste the next one
				p.focus = 1
			default:
				p.focus = 1
			}
			return p.focusField()
		}
		p.portal.SetValue(st.portal)
		p.problem = ""
		if st.keySource != sourceTyped || st.opts.Demo || st.opts.Keys == nil {
			return func() tea.Msg { return keyReadyMsg{} }
		}
		p.verdict = onboard.Judge(onboard.KeyCheck{Info: msg.info, InfoErr: msg.err})
		p.phase = portalSaving
		return tea.Batch(p.spin.Tick, p.save())
	case keySavedMsg:
		if msg.gen != st.keyGen || p.phase != portalSaving {
			return nil
		}
		if msg.err != nil {
			p.phase, p.saveErr, p.choice = portalOffer, errorSentence(msg.err), 0
			return nil
		}
		p.phase = portalEditing
		return func() tea.Msg { return keyReadyMsg{} }
	case tea.KeyPressMsg:
		return p.onKey(msg)
	case tea.PasteMsg:
		if p.phase == portalEditing {
			return p.updateField(msg)
		}
	}
	return nil
}

func (p *portalStep) onKey(msg tea.KeyPressMsg) tea.Cmd {
	st, k := p.st, p.st.keys
	switch p.phase {
	case portalChecking, portalSaving:
		if key.Matches(msg, k.Back) {
			st.keyGen++ // the answer on its way is dropped
			st.keyStatus = keyMissing
			p.phase = portalEditing
			return p.focusField()
		}
		return nil
	case portalOffer:
		switch {
		case key.Matches(msg, k.Up), key.Matches(msg, k.Down), key.Matches(msg, k.Tab):
			p.choice = 1 - p.choice
		case key.Matches(msg, k.Next):
			if p.choice == 0 {
				p.phase = portalEditing
				return func() tea.Msg { return keyReadyMsg{} }
			}
			p.phase = portalSaving
			return tea.Batch(p.spin.Tick, p.save())
		case key.Matches(msg, k.Back):
			p.phase = portalEditing
			return p.focusField()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return back
	case key.Matches(msg, k.Tab), key.Matches(msg, k.ShiftTab),
		msg.String() == "up" && p.focus == 1, msg.String() == "down" && p.focus == 0:
		p.focus = 1 - p.focus
		return p.focusField()
	case key.Matches(msg, k.Next):
		if p.focus == 0 && strings.TrimSpace(p.key.Value()) == "" {
			p.focus = 1
			return p.focusField()
		}
		return p.submit()
	}
	return p.updateField(msg)
}

func (p *portalStep) updateField(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	if p.focus == 0 {
		p.portal, cmd = p.portal.Update(msg)
	} else {
		p.key, cmd = p.key.Update(msg)
	}
	return cmd
}

// submit checks the typed key against the typed portal.
func (p *portalStep) submit() tea.Cmd {
	st := p.st
	portal := strings.TrimSpace(p.portal.Value())
	keyText := strings.TrimSpace(p.key.Value())
	switch {
	case portal == "":
		p.problem = "Type the portal's address, e.g. https://yourportal.onlyoffice.com."
		p.focus = 0
		return p.focusField()
	case keyText == "":
		p.problem = "Paste an API key (in DocSpace: " + docspace.APIKeysPlace + ")."
		p.focus = 1
		return p.focusField()
	}
	if !strings.Contains(portal, "://") {
		portal = "https://" + portal
	}
	n, err := docspace.NormalizePortal(portal)
	if err != nil {
		p.problem = errorSentence(err)
		p.focus = 0
		return p.focusField()
	}
	if v := onboard.JudgeShape(keyText); !v.OK() {
		// Said at once, without a request: the key is cleared, as a rejected one is.
		p.problem = v.Problem()
		p.key.SetValue("")
		p.focus = 1
		return p.focusField()
	}
	portal = n
	p.portal.SetValue(portal)
	st.keyGen++
	st.portal, st.key, st.keyStatus = portal, keyText, keyChecking
	if st.keySource != sourceDemo || keyText != st.opts.DemoKey {
		st.keySource = sourceTyped
	}
	p.phase, p.problem = portalChecking, ""
	return tea.Batch(p.spin.Tick, st.checkKey(portal, keyText))
}

// save stores the checked key in the keyring (onboard.StoreKey: only a working key).
func (p *portalStep) save() tea.Cmd {
	st := p.st
	gen, keys, portal, keyText, v := st.keyGen, st.opts.Keys, st.portal, st.key, p.verdict
	return func() tea.Msg { return keySavedMsg{gen: gen, err: onboard.StoreKey(keys, portal, keyText, v)} }
}

func (p *portalStep) View() string {
	st := p.st
	s := st.styles
	w := st.bodyWidth
	var b strings.Builder
	b.WriteString(s.title.Render("Connect to your DocSpace"))
	b.WriteString("\n")
	b.WriteString(s.subtle.Render(wrap("Paste the portal address and an API key. Create a key in DocSpace under "+docspace.APIKeysPlace+", with the rooms:write and accounts:read scopes.", w)))
	b.WriteString("\n\n")
	field := func(i int, label string, in textinput.Model) {
		b.WriteString(st.marker(p.focus == i && p.phase == portalEditing))
		b.WriteString(s.label.Render(padRight(label, 9)))
		b.WriteString(" ")
		b.WriteString(in.View())
		b.WriteString("\n")
	}
	field(0, "Portal", p.portal)
	field(1, "API key", p.key)
	b.WriteString("\n")
	switch p.phase {
	case portalChecking:
		b.WriteString(p.spin.View() + " Checking the key with " + st.portalHost() + "…")
	case portalSaving:
		b.WriteString(p.spin.View() + " Saving the key in the system keyring…")
	case portalOffer:
		b.WriteString(s.warn.Render(wrap("The key works, but it could not be saved. "+p.saveErr, w)))
		b.WriteString("\n\n")
		for i, label := range []string{"Use the key for this run only", "Try the keyring again"} {
			line := st.marker(p.choice == i) + label
			if p.choice == i {
				line = st.marker(true) + s.accent.Render(label)
			}
			b.WriteString(line + "\n")
		}
	default:
		if p.problem != "" {
			b.WriteString(s.err.Render(wrap("✗ "+p.problem, w)))
		} else if st.opts.Demo {
			b.WriteString(s.subtle.Render("Demo mode: the key is filled in and never saved."))
		} else {
			b.WriteString(s.subtle.Render(wrap("The key is checked with the portal, then kept in the system keyring (never in a file).", w)))
		}
	}
	return b.String()
}
