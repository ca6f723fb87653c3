package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/term"
	"golang.org/x/sync/errgroup"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/keystore"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// errEndOfInput means the input ended (EOF) before the questions were answered.
var errEndOfInput = errors.New("the input ended before the questions were answered")

// lineReader hands out its input one line per Read, so each of huh's accessible
// prompts (a fresh bufio.Scanner every time) takes exactly one line and no more.
// It reads byte by byte, never buffering past a line a password prompt may need.
type lineReader struct {
	r   io.Reader
	eof bool
}

func (l *lineReader) Read(p []byte) (int, error) {
	if l.eof {
		return 0, io.EOF
	}
	n := 0
	var b [1]byte
	for n < len(p) {
		k, err := l.r.Read(b[:])
		if k == 1 {
			p[n] = b[0]
			n++
			if b[0] == '\n' {
				return n, nil
			}
		}
		if err != nil {
			l.eof = true
			if n > 0 {
				return n, nil
			}
			return 0, io.EOF
		}
	}
	return n, nil
}

// readLine reads one line without its newline.
func (l *lineReader) readLine() (string, error) {
	var sb strings.Builder
	var b [1]byte
	for {
		n, err := l.Read(b[:])
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
			return "", errEndOfInput
		}
	}
}

// prompter asks the wizard's questions as plain line-by-line prompts, for screen readers.
type prompter struct {
	ctx context.Context
	in  *lineReader
	out io.Writer
	st  *state
	// sayMu keeps lines whole: a Ctrl+C notice comes from another goroutine than the run's.
	sayMu sync.Mutex
	// terminated is set when SIGTERM stopped a run: no more questions, exit 143.
	terminated atomic.Bool
	// abandoned is set when a second Ctrl+C quit without waiting for the run; from
	// then on nothing more is printed (under sayMu: quiet).
	abandoned atomic.Bool
	quiet     bool
}

// ask runs huh fields in accessible mode, without colours.
func (a *prompter) ask(fields ...huh.Field) (err error) {
	defer func() {
		// When the input ends right after a line a select refused, huh's select takes
		// that line as the answer and indexes its options with it: the input ended.
		if r := recover(); r != nil {
			if !a.in.eof {
				panic(r)
			}
			err = errEndOfInput
		}
	}()
	plain := huh.ThemeFunc(func(bool) *huh.Styles { return &huh.Styles{} })
	err = huh.NewForm(huh.NewGroup(fields...)).
		WithAccessible(true).WithTheme(plain).
		WithInput(a.in).WithOutput(a.out).
		RunWithContext(a.ctx)
	if err == nil && a.in.eof {
		return errEndOfInput
	}
	return err
}

func (a *prompter) say(format string, args ...any) {
	a.sayMu.Lock()
	defer a.sayMu.Unlock()
	if !a.quiet {
		fmt.Fprintf(a.out, format+"\n", args...)
	}
}

// runAccessible is Run for --accessible and TERM=dumb: the same questions, then plain
// progress lines and the summary.
func runAccessible(ctx context.Context, opts Options) (docspace.Result, onboard.End) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	st := newState(ctx, opts)
	applyPrefill(st.d, opts.Prefill, opts.Last)
	if opts.Settings != nil && !opts.Demo {
		// Plain prompts draw no frame to delay: read the remembered settings at once.
		remembered, last, _ := opts.Settings()
		if n, err := docspace.NormalizePortal(remembered); st.portal == "" && err == nil {
			st.portal = n
		}
		applyRemembered(st.d, last)
	}
	a := &prompter{ctx: ctx, in: &lineReader{r: opts.In}, out: opts.Out, st: st}
	if a.out == nil {
		a.out = io.Discard
	}
	if st.ascii {
		a.out = asciiWriter(a.out)
	}
	if a.in.r == nil {
		a.in.r = strings.NewReader("")
	}
	st.d.list = prefillList(opts.Prefill)
	code := a.run()
	st.rememberChoices()
	if n := len(st.results); n > 0 {
		return st.results[n-1], code
	}
	return docspace.Result{}, code
}

func (a *prompter) run() onboard.End {
	st := a.st
	if err := a.connect(); err != nil {
		a.say("%s", errorSentence(err))
		if errors.Is(err, errEndOfInput) && st.keyStatus != keyBad {
			return onboard.EndInterrupted
		}
		return onboard.EndKeyRefused
	}
	for {
		if err := a.questions(); err != nil {
			a.say("Stopped before anything was written.")
			return onboard.EndInterrupted
		}
		if st.d.several() {
			end, more := a.runRooms()
			if !more {
				return end
			}
			st.newDraft()
			continue
		}
		res := a.execute(st.d.plan(st.users), nil)
		st.results = append(st.results, res)
		if a.abandoned.Load() {
			return a.interrupted()
		}
		if a.terminated.Load() {
			return onboard.RunEnd(res.Status()).AsTerminated()
		}
		for res.CanRetry() && !(res.Room == nil && res.Cancelled) {
			again := true
			if a.ask(huh.NewConfirm().Title("Retry the failed ones?").Value(&again)) != nil || !again {
				break
			}
			p, ok := res.RetryPlan(st.d.plan(st.users))
			if !ok {
				p = st.d.plan(st.users)
			}
			r := a.execute(p, nil)
			if a.abandoned.Load() {
				return a.interrupted()
			}
			if res.Room != nil {
				r = mergeRetry(res, r)
			}
			res = r
			st.results[len(st.results)-1] = res
			if a.terminated.Load() {
				return onboard.RunEnd(res.Status()).AsTerminated()
			}
		}
		if err := a.offerResend(res); err != nil {
			return onboard.RunEnd(res.Status())
		}
		another := false
		if a.ask(huh.NewConfirm().Title("Start another room?").Value(&another)) != nil || !another {
			return onboard.RunEnd(res.Status())
		}
		st.newDraft()
	}
}

// interrupted is how a run quit without waiting ends: interrupted, or terminated after SIGTERM.
func (a *prompter) interrupted() onboard.End {
	if a.terminated.Load() {
		return onboard.EndTerminated
	}
	return onboard.EndInterrupted
}

// connect finds or asks for the portal and the key, and checks the key.
func (a *prompter) connect() error {
	st, opts := a.st, a.st.opts
	if opts.Demo {
		st.key, st.keySource = opts.DemoKey, sourceDemo
	} else if st.portal != "" {
		envApplies := !opts.PortalFlag || onboard.EnvKeyApplies(st.portal, onboard.DefaultPortal(opts.Getenv, rememberedPortal(opts)))
		k, err := onboard.ResolveKey(storeOf(opts.Keys), st.portal, envApplies, opts.Getenv)
		if err != nil {
			a.say("%s", errorSentence(err))
		}
		st.key = k.Secret
		st.keySource = map[keystore.Source]keySource{keystore.SourceEnv: sourceEnv, keystore.SourceKeyring: sourceKeyring}[k.Source]
	}
	for attempt := 0; ; attempt++ {
		if st.portal == "" {
			if err := a.ask(huh.NewInput().Title("Portal address (https://…):").Value(&st.portal).
				Validate(func(s string) error {
					if strings.TrimSpace(s) == "" {
						return errors.New("type the portal's address, e.g. https://yourportal.onlyoffice.com")
					}
					return nil
				})); err != nil {
				return err
			}
			if !strings.Contains(st.portal, "://") {
				st.portal = "https://" + strings.TrimSpace(st.portal)
			}
		}
		if st.key == "" {
			k, err := a.askKey()
			if err != nil {
				return err
			}
			st.key, st.keySource = k, sourceTyped
		}
		if v := onboard.JudgeShape(st.key); !v.OK() {
			// Said without a request, naming where the key came from; the portal stays.
			if what := map[keySource]string{sourceEnv: "The key in DOCSPACE_API_KEY", sourceKeyring: "The saved key"}[st.keySource]; what != "" {
				a.say("%s is not usable: %s", what, v.Problem())
			} else {
				a.say("%s", v.Problem())
			}
			st.key, st.keyStatus, st.keyErr = "", keyBad, v.Err
			if attempt >= 2 || opts.Demo {
				return fmt.Errorf("no working key after %d attempts: create a new API key and paste all of it", attempt+1)
			}
			continue
		}
		a.say("Checking the key with %s…", st.portalHost())
		msg := checkKeyNow(a.ctx, opts.Connect, st.keyGen, st.portal, st.key)
		if problem := keyProblem(msg.info, msg.err); problem != "" {
			st.keyStatus, st.keyErr = keyBad, msg.err
			a.say("The key did not work: %s", problem)
			if attempt >= 2 || opts.Demo {
				return fmt.Errorf("no working key after %d attempts: check the portal address and create a new API key", attempt+1)
			}
			st.key = ""
			if msg.client == nil {
				st.portal = ""
			}
			continue
		}
		st.client, st.keyStatus = msg.client, keyOK
		st.portal = msg.client.Portal()
		st.self = msg.self
		a.say("The key works.")
		if st.keySource == sourceTyped && opts.Keys != nil && !opts.Demo {
			if err := onboard.StoreKey(storeOf(opts.Keys), st.portal, st.key, onboard.Judge(onboard.KeyCheck{Info: msg.info, InfoErr: msg.err})); err != nil {
				a.say("The key could not be saved, so it is used for this run only: %s", errorSentence(err))
			} else {
				a.say("The key is saved in the system keyring.")
			}
		}
		return nil
	}
}

// rememberedPortal is the settings' default portal, which DOCSPACE_API_KEY may belong to.
func rememberedPortal(opts Options) string {
	if opts.Settings == nil || opts.Demo {
		return ""
	}
	p, _, _ := opts.Settings()
	return p
}

func storeOf(k KeyStore) keystore.Store {
	if k == nil {
		return nil
	}
	return k
}

// askKey reads the key: hidden on a terminal, a plain line otherwise.
func (a *prompter) askKey() (string, error) {
	var k string
	in := huh.NewInput().Title("API key (sk-…):").Value(&k).Validate(func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("paste an API key (in DocSpace: " + docspace.APIKeysPlace + ")")
		}
		return docspace.CheckAPIKey(strings.TrimSpace(s))
	})
	if f, ok := a.in.r.(term.File); ok && term.IsTerminal(f.Fd()) {
		in.EchoMode(huh.EchoModePassword)
	} else {
		fmt.Fprint(a.out, "API key (sk-…): ")
		line, err := a.in.readLine()
		return strings.TrimSpace(line), err
	}
	err := a.ask(in)
	return strings.TrimSpace(k), err
}

// questions walks the step sequence (sequence.go) as the wizard does, asking each
// step's question (questions.go) that the flags did not answer; access and notify are
// asked every time, since the review has no way back to them. Then it shows the review
// until the user confirms; problems send them back to the questions that own them.
func (a *prompter) questions() error {
	st, d := a.st, a.st.d
	if d.action == actionExisting && d.roomID != 0 && d.room == nil {
		st.gotRoom(readRoom(a.ctx, st.client, d.roomID)) // --room's, as the wizard reads it
	}
	for _, id := range d.moreIDs { // the further rooms of a repeated --room
		st.gotRoom(readRoom(a.ctx, st.client, id))
	}
	if tl, ok := st.client.(templateLister); ok {
		// The room templates, as the wizard loads them: the action question offers them.
		ts, err := tl.Templates(a.ctx)
		st.gotTemplates(templatesMsg{portal: st.client.Portal(), templates: ts, err: err})
	}
	if ll, ok := st.client.(languageLister); ok {
		st.gotLanguages(readLanguages(a.ctx, ll, st.client.Portal())) // the notify question offers them
	}
	if gl, ok := st.client.(groupLister); ok {
		// The portal's groups, as the wizard loads them: "@name" lines name them.
		gs, err := gl.Groups(a.ctx)
		st.gotGroups(groupsMsg{portal: st.client.Portal(), groups: gs, err: err})
	}
	a.lookUp() // the flags' people, as the wizard looks them up once the key works
	if err := a.walk(func(id stepID) bool {
		return !st.answered(id) || id == stepSettings || id == stepAccess || id == stepNotify
	}); err != nil {
		return err
	}
	for probs := d.problems(st.users); len(probs) > 0; probs = d.problems(st.users) {
		for _, p := range probs {
			a.say("Problem: %s", p.Message)
		}
		if err := a.walk(func(id stepID) bool { return owns(id, probs) }); err != nil {
			return err
		}
	}
	a.review()
	ok := true
	if err := a.ask(huh.NewConfirm().Title("Go ahead?").Value(&ok)); err != nil {
		return err
	}
	if !ok {
		return errors.New("not confirmed")
	}
	st.confirmed()
	return nil
}

// walk asks, in the sequence's order, the question of each step that ask picks.
func (a *prompter) walk(ask func(stepID) bool) error {
	st := a.st
	// The prompter's steps, as the wizard's (buildSteps): one question each.
	questions := map[stepID]func() error{
		stepAction:   a.askAction,
		stepTitle:    a.askTitle,
		stepType:     a.askType,
		stepSettings: a.askSettings,
		stepPeople:   a.askPeople,
		stepAccess:   a.askAccess,
		stepNotify:   a.askNotify,
	}
	for id := st.sequence()[0]; id != stepReview; id = st.stepAfter(id) {
		if q := questions[id]; q != nil && ask(id) {
			if err := q(); err != nil {
				return err
			}
		}
	}
	return nil
}

// choose asks a question with choices, numbered; Enter alone gives the default.
func choose[T comparable](a *prompter, q question[T]) (T, error) {
	v := q.def
	opts := make([]huh.Option[T], len(q.choices))
	for i, c := range q.choices {
		text := c.label
		if c.desc != "" {
			text += ": " + c.desc
		}
		opts[i] = huh.NewOption(text, c.value)
	}
	hint := ""
	if len(q.choices) > 0 {
		hint = "Enter for " + q.choices[max(0, indexOf(q, q.def))].label
	}
	sel := huh.NewSelect[T]().Title(promptText(q.title, hint)).Options(opts...).Value(&v)
	if q.validate != nil {
		sel.Validate(q.validate)
	}
	err := a.ask(sel)
	return v, err
}

// confirm asks a yes-or-no question, its help said in brackets.
func (a *prompter) confirm(q question[bool]) (bool, error) {
	v := q.def
	hint := strings.TrimSuffix(q.help, ".")
	if hint != "" {
		hint = strings.ToLower(hint[:1]) + hint[1:]
	}
	err := a.ask(huh.NewConfirm().Title(promptText(q.title, hint)).Value(&v))
	return v, err
}

// input asks a question answered with a line of text; Enter alone gives the default.
func (a *prompter) input(q question[string]) (string, error) {
	v := q.def
	in := huh.NewInput().Title(promptText(q.title, "")).Value(&v)
	if q.validate != nil {
		in.Validate(q.validate)
	}
	if q.limit > 0 {
		in.CharLimit(q.limit)
	}
	err := a.ask(in)
	return v, err
}

// promptText is a question with its hint in brackets, as "Room type (Enter for
// Custom):"; a question that ends in "?" takes no colon.
func promptText(title, hint string) string {
	end := ":"
	if strings.HasSuffix(title, "?") {
		end = ""
	}
	if hint != "" {
		title += " (" + hint + ")"
	}
	return title + end
}

func (a *prompter) askAction() error {
	st, d := a.st, a.st.d
	q := actionQuestion(st)
	choice := actionExisting
	if q.check(actionNew) != nil {
		a.say("You cannot create rooms on this portal: people can only be added to existing rooms.")
	} else {
		var err error
		if choice, err = choose(a, q); err != nil {
			return err
		}
	}
	switch choice {
	case actionNew:
		d.action = actionNew
		return nil
	case actionTemplate:
		id, err := choose(a, templateQuestion(st))
		if err != nil {
			return err
		}
		d.action, d.template, d.templateRef, d.templateErr = actionTemplate, st.templateByID(id), "", nil
		return nil
	}
	d.action = actionExisting
	page, err := st.client.ListRooms(a.ctx, docspace.RoomFilter{Count: roomPageSize})
	if err != nil {
		a.say("The rooms could not be listed: %s", errorSentence(err))
	}
	for {
		id := otherRoom
		if len(page.Rooms) > 0 {
			if page.Total > len(page.Rooms) {
				a.say("Showing the first %d of %d rooms.", len(page.Rooms), page.Total)
			}
			var ids []int
			if ids, err = a.pickRooms(page.Rooms, "Another room: type its id, or words of its title"); err != nil {
				return err
			}
			id = ids[0]
			if len(ids) > 1 {
				// Several rooms: the same people go into each (the wizard's space marks).
				rooms := make([]docspace.Room, 0, len(ids))
				for _, id := range ids {
					for _, r := range page.Rooms {
						if r.ID == id {
							rooms = append(rooms, r)
						}
					}
				}
				first := rooms[0]
				d.roomID, d.room, d.roomErr, d.more = first.ID, &first, nil, rooms[1:]
				return nil
			}
		}
		if id != otherRoom {
			d.roomID, d.more = id, nil
			st.gotRoom(readRoom(a.ctx, st.client, id))
			return nil
		}
		r, err := a.findRoom(len(page.Rooms) > 0)
		if err != nil {
			return err
		}
		if r != nil {
			d.roomID, d.room, d.roomErr = r.ID, r, nil
			return nil
		}
	}
}

// pickRooms lists rooms by number, with other as the last choice, and reads one number
// or several ("1,3,5": the same people into each room; Enter: the first). Rooms on
// third-party storage are listed but refused; other cannot be one of several.
func (a *prompter) pickRooms(rooms []docspace.Room, other string) ([]int, error) {
	a.say("Which rooms? Type a number, or several separated by commas (e.g. 1,3,5):")
	for i, r := range rooms {
		if r.ThirdParty() {
			a.say("  %d. %s (%s, %s)", i+1, r.Title, r.Ref(), docspace.ThirdPartyReason)
			continue
		}
		a.say("  %d. %s (%s, %s)", i+1, r.Title, r.RoomType, r.Ref())
	}
	a.say("  %d. %s", len(rooms)+1, other)
	first := otherRoom
	for _, r := range rooms {
		if !r.ThirdParty() {
			first = r.ID
			break
		}
	}
	var ids []int
	var s string
	err := a.ask(huh.NewInput().Title(fmt.Sprintf("Room numbers (1-%d, Enter for the first):", len(rooms)+1)).Value(&s).Validate(func(s string) error {
		ids = nil
		if strings.TrimSpace(s) == "" {
			ids = []int{first}
			return nil
		}
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			n, err := strconv.Atoi(f)
			switch {
			case err != nil || n < 1 || n > len(rooms)+1:
				return fmt.Errorf("%q is not one of the numbers 1 to %d", f, len(rooms)+1)
			case n == len(rooms)+1:
				ids = append(ids, otherRoom)
			case rooms[n-1].ThirdParty():
				return fmt.Errorf("room %d is %s; choose another", n, docspace.ThirdPartyReason)
			case !slices.Contains(ids, rooms[n-1].ID):
				ids = append(ids, rooms[n-1].ID)
			}
		}
		if len(ids) > 1 && slices.Contains(ids, otherRoom) {
			return fmt.Errorf("%d (another room) goes alone: pick it by itself, or only rooms from the list", len(rooms)+1)
		}
		return nil
	}))
	return ids, err
}

// otherRoom is the value of a room list's last choice: find a room another way.
const otherRoom = -1

// pickRoom asks which of rooms, with other as the last choice; rooms on third-party
// storage are listed but refused.
func (a *prompter) pickRoom(title string, rooms []docspace.Room, other string) (int, error) {
	opts := make([]huh.Option[int], 0, len(rooms)+1)
	id := 0
	for _, r := range rooms {
		if r.ThirdParty() {
			// Listed so the admin sees every room, but not one this tool changes.
			opts = append(opts, huh.NewOption(fmt.Sprintf("%s (%s, %s)", r.Title, r.Ref(), docspace.ThirdPartyReason), 0))
			continue
		}
		opts = append(opts, huh.NewOption(fmt.Sprintf("%s (%s, %s)", r.Title, r.RoomType, r.Ref()), r.ID))
		if id == 0 {
			id = r.ID
		}
	}
	opts = append(opts, huh.NewOption(other, otherRoom))
	if id == 0 {
		id = otherRoom
	}
	err := a.ask(huh.NewSelect[int]().Title(title).Options(opts...).Value(&id).Validate(func(id int) error {
		if id == 0 {
			return errors.New("that room is " + docspace.ThirdPartyReason + "; choose another")
		}
		return nil
	}))
	return id, err
}

// findRoom asks for a room's id or words of its title and finds it on the portal:
// an id is read at once, words are searched for and the matches offered. nil means
// the user went back to the room list (an empty answer, when back is true).
func (a *prompter) findRoom(back bool) (*docspace.Room, error) {
	st := a.st
	title := "Room id (e.g. 123), or words of its title to search the portal:"
	if back {
		title = "Room id (e.g. 123), or words of its title to search the portal (empty: back to the list):"
	}
	for {
		var s string
		if err := a.ask(huh.NewInput().Title(title).Value(&s)); err != nil {
			return nil, err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			if back {
				return nil, nil
			}
			a.say("Type the room's id, or words of its title.")
			continue
		}
		if id := roomIDOf(s); id > 0 {
			r, err := st.client.GetRoom(a.ctx, id)
			switch {
			case docspace.KindOf(err) == docspace.KindNotFound:
				a.say("No room %d on this portal.", id)
				continue
			case err != nil:
				a.say("Room %d could not be read: %s", id, errorSentence(err))
				continue
			case r.ThirdParty():
				a.say("\"%s\" is %s; choose another.", r.Title, docspace.ThirdPartyReason)
				continue
			}
			a.say("Room %s: %s (%s).", r.Ref(), r.Title, r.RoomType)
			return &r, nil
		}
		page, err := st.client.ListRooms(a.ctx, docspace.RoomFilter{Filter: s, Count: roomPageSize})
		switch {
		case err != nil:
			a.say("The portal could not be searched: %s", errorSentence(err))
			continue
		case len(page.Rooms) == 0:
			a.say("No room's title contains %q.", s)
			continue
		case page.Total == 1:
			a.say("1 room matches %q.", s)
		case page.Total > len(page.Rooms):
			a.say("%d rooms match %q; these are the first %d: type more of the title to narrow them.", page.Total, s, len(page.Rooms))
		default:
			a.say("%d rooms match %q.", page.Total, s)
		}
		id, err := a.pickRoom("Which one? (Enter for the first)", page.Rooms, "None of these: search again")
		if err != nil {
			return nil, err
		}
		for _, r := range page.Rooms {
			if r.ID == id && id > 0 {
				return &r, nil
			}
		}
	}
}

func (a *prompter) askTitle() error {
	d := a.st.d
	title, err := a.input(titleQuestion(d))
	d.title = title
	return err
}

func (a *prompter) askType() error {
	d := a.st.d
	t, err := choose(a, typeQuestion(d))
	if err != nil {
		return err
	}
	d.roomType, d.typeSet = t, true
	return nil
}

// askSettings asks "Room settings?" and, on yes, each option the room's type offers
// (the quota only when the portal has room quotas on), as the wizard's settings step.
func (a *prompter) askSettings() error {
	d := a.st.d
	if note := dropUnsupported(d); note != "" {
		a.say("%s", note)
	}
	quota := d.options.Quota != nil
	if sp, ok := a.st.client.(settingsPortal); ok && !quota {
		quota, _ = sp.RoomQuotasOn(a.ctx)
	}
	yes, err := a.confirm(settingsQuestion(d, quota))
	if err != nil || !yes {
		if err == nil {
			d.options = docspace.RoomOptions{}
		}
		return err
	}
	var o docspace.RoomOptions
	for _, s := range settingsFor(d.newRoomType(), quota) {
		v := ""
		if s.Bool {
			on, err := a.confirm(question[bool]{title: s.Name + "?", help: s.Usage, def: s.IsSet(d.options)})
			if err != nil {
				return err
			}
			v = pick(on, "true", "")
		} else {
			q := settingQuestion(d, s)
			if s.Flag == "tag" {
				if sp, ok := a.st.client.(settingsPortal); ok {
					if tags, _ := sp.Tags(a.ctx); len(tags) > 0 {
						a.say("Tags on the portal: %s", strings.Join(tags, ", "))
					}
				}
			}
			if cp, ok := a.st.client.(coverPortal); ok && s.Flag == "cover" {
				if covers, _ := cp.Covers(a.ctx); len(covers) > 0 {
					a.say("Covers on the portal: %s", strings.Join(covers, ", "))
				}
			}
			if v, err = a.input(q); err != nil {
				return err
			}
		}
		if strings.TrimSpace(v) != "" {
			_ = s.Apply(&o, v) // validated by the question
		}
	}
	d.options = o
	return nil
}

// sayProblems says each entry of list that has a problem, with its line.
func (a *prompter) sayProblems(list docspace.InviteeList) {
	for _, e := range list.Entries {
		if e.Err != "" {
			a.say("Line %d: %s: %s", e.Line, strings.TrimSpace(e.Raw), e.Err)
		}
	}
}

// askPeople reads addresses until an empty line, then reports what it found.
func (a *prompter) askPeople() error {
	d := a.st.d
	q := peopleQuestion(d)
	if d.list.Invalid > 0 {
		// People from --invite or --invite-file with problems: say which before asking.
		a.say("The people given on the command line have problems:")
		a.sayProblems(d.list)
	}
	for {
		a.say("%s. %s An empty line ends the list.", q.title, q.help)
		var lines []string
		for {
			l, err := a.in.readLine()
			if err != nil && len(lines) == 0 {
				return err
			}
			if strings.TrimSpace(l) == "" || err != nil {
				break
			}
			lines = append(lines, l)
		}
		d.list = docspace.ParseInvitees(strings.Join(lines, "\n"))
		a.say("%s found, %d invalid, %d duplicates merged.", plural(len(d.list.Invitees), "person", "people"), d.list.Invalid, d.list.Duplicates)
		a.sayProblems(d.list)
		err := q.check(d.list)
		switch {
		case err == nil && len(d.list.Invitees) > 0:
			a.lookUp()
			return nil
		case err == nil:
			a.say("Nobody to invite: the room is created empty; add people to it later.")
			return nil
		case d.list.Invalid == 0:
			a.say("%s", err) // no line says what is wrong
		}
		a.say("Please enter the whole list again, with the problems fixed.")
	}
}

// lookUp finds which invitees are portal users, lookupConcurrency at a time, with
// the same look-ups as the wizard's (their answers decide who may be Room admin).
func (a *prompter) lookUp() {
	st := a.st
	emails := st.claimLookups(maxLookups)
	answers := make([]lookupDoneMsg, len(emails))
	var g errgroup.Group
	g.SetLimit(lookupConcurrency)
	for i, email := range emails {
		g.Go(func() error {
			answers[i] = findUser(a.ctx, st.client, email)
			return nil
		})
	}
	_ = g.Wait() // every look-up's error is in its answer
	for _, m := range answers {
		st.inflight = max(0, st.inflight-1)
		st.gotLookupAnswer(m)
	}
}

func (a *prompter) askAccess() error {
	st, d := a.st, a.st.d
	if !d.planRoomType().Valid() {
		return nil
	}
	def, err := choose(a, accessQuestion(st))
	if err != nil {
		return err
	}
	d.defaultAccess, d.accessSet = def, true
	change := false
	if err := a.ask(huh.NewConfirm().Title("Give anyone a different access level?").Value(&change)); err != nil || !change {
		return err
	}
	for {
		var email string
		if err := a.ask(huh.NewInput().Title("E-mail address (empty to finish):").Value(&email)); err != nil {
			return err
		}
		email = strings.TrimSpace(email)
		if email == "" {
			return nil
		}
		var inv *docspace.Invitee
		for i := range d.list.Invitees {
			if strings.EqualFold(d.list.Invitees[i].Email, email) {
				inv = &d.list.Invitees[i]
			}
		}
		if inv == nil {
			a.say("%s is not in the list.", email)
			continue
		}
		level, err := choose(a, personAccessQuestion(st, *inv))
		if err != nil {
			return err
		}
		d.overrides[inv.Key()] = level
	}
}

func (a *prompter) askNotify() error {
	d := a.st.d
	notify, err := a.confirm(notifyQuestion(d))
	if err != nil {
		return err
	}
	d.notify = notify
	if a.st.offersLink() {
		acc, err := choose(a, linkQuestion(a.st))
		if err != nil {
			return err
		}
		d.setLink(acc)
	}
	if a.st.mayInviteGuests() && len(a.st.langs.codes) > 0 {
		// Only new guests get the invitation in the chosen language.
		if d.culture, err = choose(a, languageQuestion(a.st)); err != nil {
			return err
		}
	}
	if !notify {
		return nil
	}
	d.message, err = a.input(messageQuestion(d))
	return err
}

// review prints the plan.
func (a *prompter) review() {
	st, d := a.st, a.st.d
	p := d.plan(st.users)
	a.say("Review:")
	a.say("  Portal: %s", st.portalHost())
	if p.NewRoom != nil {
		a.say("  Room: %s, %s", newRoomWords(p.NewRoom), p.NewRoom.Type)
	} else if d.several() {
		plans, overrides := d.roomPlans(st.users)
		a.say("  Rooms: %d existing rooms, the same people in each:", len(plans))
		for i, c := range d.roomColumns() {
			a.say("    %s, %s", c.title, c.typ)
			for _, o := range overrides[i] {
				a.say("      ! %s", onboard.OverrideText(c.title, c.typ, o))
			}
		}
	} else if d.room != nil {
		a.say("  Room: existing room \"%s\", %s, %s", d.room.Title, d.room.RoomType, d.room.Ref())
	}
	if p.NewRoom != nil {
		for _, set := range p.NewRoom.Options.Set() {
			a.say("  Setting: %s", set)
		}
	}
	if len(p.Invitees) == 0 {
		a.say("  People: nobody is invited: the room is created empty.")
	} else {
		a.say("  People: %s: %s", whoCount(p.Invitees), accessSummary(p.Invitees))
	}
	if p.NewRoom == nil && len(p.Invitees) > 0 {
		// Who is a member already, and what the run changes for them, before anything is written.
		if pre, err := st.client.Check(a.ctx, p); err != nil {
			a.say("  The portal could not say who is a member already (%s); the run checks again.", errorSentence(err))
		} else {
			for _, inv := range p.Invitees {
				m, ok := pre.MemberOf(inv)
				switch {
				case !ok:
				case m.Access == inv.Access || m.IsOwner:
					a.say("  %s: already a member (%s)", inv.Label(), m.Access)
				default:
					a.say("  %s: %s", inv.Label(), docspace.AccessChange(m.Access, inv.Access))
				}
			}
		}
	}
	notify := "off"
	if p.Notify {
		notify = "on"
		if p.Message != "" {
			notify += fmt.Sprintf(", message %q", p.Message)
		}
	}
	a.say("  Notify: %s", notify)
	if w := languageWords(st); w != "" {
		a.say("  Language: %s", w)
	}
	if p.Link != nil {
		a.say("  Invitation link: on, %s", p.Link.Words())
	}
	a.say("Nothing is written until you confirm.")
}

// execute runs a plan and prints one line per event. Ctrl+C (a signal: the terminal
// is not in raw mode here) or SIGTERM stops the run: the request under way finishes,
// nothing new starts, and the summary says what was done; what that request may still
// do is said at once. A second one quits without waiting for it (abandoned).
func (a *prompter) execute(p docspace.Plan, pre *docspace.Preflight) docspace.Result {
	inflight := docspace.NewInFlight(p)
	return watchSignals(a, inflight.Stopping, inflight.Abandoned, func(ctx context.Context) docspace.Result {
		return a.run1(ctx, p, pre, inflight)
	}, docspace.Result{Cancelled: true, Err: context.Canceled})
}

// watchSignals runs run and waits for its result, as every run of --accessible waits:
// the first Ctrl+C (a signal: the terminal is not in raw mode here) or SIGTERM stops
// the run after its requests under way and says stopping() at once; a second one says
// abandoned(), silences the run and returns gone without waiting for it.
func watchSignals[T any](a *prompter, stopping, abandoned func() []string, run func(ctx context.Context) T, gone T) T {
	ctx, cancel := context.WithCancel(a.ctx)
	defer cancel()
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	done := make(chan T, 1)
	go func() { done <- run(ctx) }()
	for stopped := false; ; {
		select {
		case res := <-done:
			return res
		case s := <-sig:
			if s == syscall.SIGTERM {
				a.terminated.Store(true)
			}
			if !stopped {
				stopped = true
				if s == syscall.SIGTERM {
					a.say("Terminated.")
				}
				for _, l := range stopping() {
					a.say("%s", l)
				}
				cancel()
				continue
			}
			signal.Stop(sig) // a third signal has its default effect
			a.sayMu.Lock()
			for _, l := range abandoned() {
				fmt.Fprintln(a.out, l)
			}
			a.quiet = true // the run goes on until the program ends: it says no more
			a.sayMu.Unlock()
			a.abandoned.Store(true)
			return gone
		}
	}
}

// runRooms runs the plans of several rooms side by side, printing each room's events
// with its title, then the room × person summary; it offers to retry, per room, only
// what failed, and to start another run (more).
func (a *prompter) runRooms() (end onboard.End, more bool) {
	st := a.st
	plans, overrides := st.d.roomPlans(st.users)
	titles := make([]string, len(plans))
	for i, c := range st.d.roomColumns() {
		titles[i] = c.title
	}
	// Every room checked first (the key and settings read once): the portal's
	// invitation limit counts all rooms' e-mail invitations together, so a plan over it
	// is refused before anything is written, as the wizard's review refuses it.
	pres, errs := checkRooms(a.ctx, st.client, plans)
	resolved := make([]docspace.Plan, len(plans))
	for i, p := range plans {
		resolved[i] = p
		if errs[i] != nil {
			pres[i] = nil // the run checks that room again and says what it found
		} else if pres[i] != nil {
			resolved[i] = pres[i].Resolve(p)
		}
	}
	if pr, over := docspace.RoomsOverInvitationLimit(resolved, pres); over {
		a.say("Problem: %s", pr.Message)
		a.say("Nothing was written.")
		return onboard.EndInvalid, false
	}
	rec := roomsRecord{run: a.executeRooms(plans, pres, titles), overrides: overrides}
	st.roomRuns, st.lastRooms = append(st.roomRuns, rec), true
	for !a.abandoned.Load() && !a.terminated.Load() {
		retries, ok := rec.run.RetryPlans()
		again := true
		if !ok || a.ask(huh.NewConfirm().Title("Retry the failed ones?").Value(&again)) != nil || !again {
			break
		}
		sub, subTitles := make([]docspace.Plan, len(retries)), make([]string, len(retries))
		for i, r := range retries {
			sub[i], subTitles[i] = r.Plan, titles[r.Room]
		}
		rec.run = rec.run.Merge(retries, a.executeRooms(sub, nil, subTitles))
		st.roomRuns[len(st.roomRuns)-1] = rec
	}
	if line := st.record(onboard.ViaAccessible, rec.run.Results()...); line != "" && !a.abandoned.Load() {
		a.say("%s", line)
	}
	end = onboard.RunEnd(rec.run.Status())
	switch {
	case a.abandoned.Load():
		return a.interrupted(), false
	case a.terminated.Load():
		return end.AsTerminated(), false
	}
	a.sayMu.Lock()
	printRoomsSummary(a.out, st.portal, rec, false)
	a.sayMu.Unlock()
	another := false
	if a.ask(huh.NewConfirm().Title("Start another room?").Value(&another)) != nil || !another {
		return end, false
	}
	return end, true
}

// executeRooms runs plans over rooms, one line per event with the room's title in
// front. The first Ctrl+C or SIGTERM stops every room after its request under way; a
// second quits without waiting.
func (a *prompter) executeRooms(plans []docspace.Plan, pres []*docspace.Preflight, titles []string) docspace.RoomsRun {
	inflight := docspace.NewRoomsInFlight(plans)
	return watchSignals(a, inflight.Stopping, inflight.Abandoned, func(ctx context.Context) docspace.RoomsRun {
		return executeRooms(ctx, a.st.client, plans, pres, func(room int, ev docspace.Event) {
			inflight.Observe(room, ev)
			mark, text := onboard.Progress(plans[room], ev)
			a.say("%s [%s] %s", mark, titles[room], text)
		})
	}, docspace.RoomsRun{})
}

// run1 runs a plan, printing one line per event and the summary at the end.
func (a *prompter) run1(ctx context.Context, p docspace.Plan, pre *docspace.Preflight, inflight *docspace.InFlight) docspace.Result {
	res := a.st.client.Execute(ctx, p, pre, func(ev docspace.Event) {
		inflight.Observe(ev)
		mark, text := onboard.Progress(p, ev)
		a.say("%s %s", mark, text)
	})
	line := a.st.record(onboard.ViaAccessible, res)
	a.sayMu.Lock()
	if !a.quiet {
		printSummary(a.out, a.st.portal, res, false)
		if line != "" {
			fmt.Fprintln(a.out, line)
		}
	}
	a.sayMu.Unlock()
	return res
}

// offerResend asks to send the invitation again to the pending guests who were in the
// room already (this run sent them nothing new), and does it in one call. Guests
// invited by this run have just been sent theirs: they are not asked about.
func (a *prompter) offerResend(res docspace.Result) error {
	rs, ok := a.st.client.(resender)
	if !ok || res.Room == nil {
		return nil
	}
	var ids, emails []string
	for _, o := range res.PendingGuests() {
		if o.Kind == docspace.OutcomeAlreadyMember {
			ids, emails = append(ids, o.MemberID), append(emails, o.Invitee.Email)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	again := false
	title := fmt.Sprintf("%s not accepted the invitation yet. Send it again?", plural(len(ids), "pending guest has", "pending guests have"))
	if err := a.ask(huh.NewConfirm().Title(title).Value(&again)); err != nil || !again {
		return err
	}
	a.say("%s", resendWords(res.Room.Title, resendDoneMsg{emails: emails, err: rs.Resend(a.ctx, res.Room.ID, ids)}))
	return nil
}
