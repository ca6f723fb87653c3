package tui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// stepID names a step of the wizard.
type stepID int

const (
	stepPortal stepID = iota
	stepAction
	stepTitle
	stepType
	stepSettings
	stepPeople
	stepAccess
	stepNotify
	stepReview
	stepRun
	stepSummary
	stepNone stepID = -1
)

// String is the step's short name, used in the header.
func (s stepID) String() string {
	switch s {
	case stepPortal:
		return "Key"
	case stepAction:
		return "Room"
	case stepTitle:
		return "Title"
	case stepType:
		return "Type"
	case stepSettings:
		return "Settings"
	case stepPeople:
		return "People"
	case stepAccess:
		return "Access"
	case stepNotify:
		return "Notify"
	case stepReview:
		return "Review"
	case stepRun:
		return "Run"
	case stepSummary:
		return "Summary"
	}
	return "?"
}

// step is one screen of the wizard. Steps keep their own state (so Esc and back
// again keeps what was typed) and share the plan through *state.
type step interface {
	// enter is called each time the step becomes current.
	enter() tea.Cmd
	// Update handles one message; navigation is asked for with nextMsg, backMsg and gotoMsg.
	Update(msg tea.Msg) tea.Cmd
	// View renders the step's body within the body size.
	View() string
	// keys are the step's bindings for the help line.
	keys() help.KeyMap
	// typing is true while a text field has the focus: "?" is typed, not help.
	typing() bool
	// resize adapts sub-components to the body size.
	resize()
}

// Navigation and lifecycle messages between the steps and the root.
type (
	nextMsg struct{}
	backMsg struct{}
	gotoMsg struct {
		to  stepID
		why string
	}
	keyReadyMsg struct{} // the portal step's key works (and is stored, or kept for this run)
	startRunMsg struct {
		plan docspace.Plan
		pre  *docspace.Preflight
		// rooms, for a run over several rooms, is each room's plan (plan is the first's,
		// pre its check) and overrides the levels their types forced.
		rooms     []docspace.Plan
		overrides [][]docspace.Override
		// roomPres are the review's checks of rooms, one per plan (nil where one failed):
		// the run checks no room again that the review checked.
		roomPres []*docspace.Preflight
	}
	runFinishedMsg struct{ result docspace.Result }
	retryMsg       struct{}
	anotherMsg     struct{}
	quitMsg        struct{}
)

func next() tea.Msg { return nextMsg{} }
func back() tea.Msg { return backMsg{} }

func goTo(to stepID, why string) tea.Cmd {
	return func() tea.Msg { return gotoMsg{to: to, why: why} }
}

// model is the root: it owns the step sequence and the shared state, routes messages
// and builds the tea.View. It is used as a pointer; Update never blocks.
type model struct {
	st       *state
	steps    map[stepID]step
	cur      stepID
	returnTo stepID // the review, when it sent the user to fix something
	resume   stepID // where to continue once a key works again
	notice   string
	showHelp bool
	// help is the last help line drawn and what it was drawn for (see footer).
	help     struct{ id, line string }
	quitting bool
	// terminated is set by SIGTERM: the wizard quits once a run under way has stopped.
	terminated bool
	// abandoned is what to print when the wizard quit without waiting for a run under
	// way: what its requests may still do, and the room once it exists.
	abandoned []string
	// base is the result a retry adds to; nil for a first run.
	base *docspace.Result
	// roomsBase is the run over rooms a retry (roomsRetries) adds to; roomsOverrides
	// are the overrides of the run over rooms being started.
	roomsBase      *roomsRecord
	roomsRetries   []docspace.RoomRetry
	roomsOverrides [][]docspace.Override
	// observe, set by tests, sees the step and the screen after every message.
	observe func(stepID, string)
}

// newModel builds the wizard from the options, pre-filled from flags and remembered choices.
func newModel(ctx context.Context, opts Options) *model {
	st := newState(ctx, opts)
	m := &model{st: st, returnTo: stepNone, resume: stepNone}
	applyPrefill(st.d, opts.Prefill, opts.Last)
	m.buildSteps(prefillLines(opts.Prefill))
	switch {
	case opts.Demo:
		st.key, st.keySource, st.keyStatus = opts.DemoKey, sourceDemo, keyChecking
	case st.portal == "" && opts.Settings == nil:
		st.keyStatus = keyMissing
		st.showPortal = true
	default:
		// With no portal given, the remembered one arrives with the key, after the first frame.
		st.keyStatus = keyResolving
	}
	m.cur = st.firstOpen()
	m.layout()
	return m
}

// applyPrefill puts the flags' values, then the remembered choices, into the draft.
func applyPrefill(d *draft, p Prefill, last LastChoices) {
	if p.Title != nil {
		d.title = *p.Title
		d.action = actionNew
	}
	if p.Type != nil {
		d.roomType, d.typeSet = *p.Type, true
		d.action = actionNew
	} else if last.RoomType.Valid() {
		d.roomType = last.RoomType
	}
	if p.RoomID != 0 {
		// --title or --type beside --room: a new room beside the existing ones.
		d.alsoNew = d.action == actionNew
		d.action, d.roomID, d.moreIDs = actionExisting, p.RoomID, p.MoreRoomIDs
	}
	if p.Template != nil {
		d.action, d.templateRef = actionTemplate, *p.Template // found once the templates load
	}
	if p.Access != nil {
		d.defaultAccess, d.accessSet = *p.Access, true
	} else if last.Access.Valid() {
		d.defaultAccess = last.Access
	}
	switch {
	case p.Notify != nil:
		d.notify, d.notifySet = *p.Notify, true
	case last.Notify != nil:
		d.notify = *last.Notify
	}
	if p.Message != nil {
		d.message = *p.Message
	}
	if p.Language != nil {
		d.culture = *p.Language
	}
	d.link = p.Link
	d.options = p.Options
}

// applyRemembered puts the remembered choices into the draft where neither the flags
// nor the user have answered yet (they arrive just after the first frame).
func applyRemembered(d *draft, last LastChoices) {
	if !d.typeSet && last.RoomType.Valid() {
		d.roomType = last.RoomType
	}
	if !d.accessSet && last.Access.Valid() {
		d.defaultAccess = last.Access
	}
	if !d.notifySet && last.Notify != nil {
		d.notify = *last.Notify
	}
}

// buildSteps makes fresh step models for the questions (not the run and summary).
func (m *model) buildSteps(people []peopleLine) {
	st := m.st
	m.steps = map[stepID]step{
		stepPortal:   newPortalStep(st),
		stepAction:   newActionStep(st),
		stepTitle:    newTitleStep(st),
		stepType:     newTypeStep(st),
		stepSettings: newSettingsStep(st),
		stepPeople:   newPeopleStep(st, people...),
		stepAccess:   newAccessStep(st),
		stepNotify:   newNotifyStep(st),
		stepReview:   newReviewStep(st),
	}
}

// Init starts everything slow in the background: the key, then rooms and look-ups.
func (m *model) Init() tea.Cmd {
	st := m.st
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.steps[m.cur].enter()}
	switch st.keyStatus {
	case keyChecking:
		cmds = append(cmds, st.checkKey(st.portal, st.key))
	case keyResolving:
		cmds = append(cmds, st.resolveKey())
	}
	return tea.Batch(cmds...)
}

// Update routes a message: global keys and background answers here, the rest to the
// current step.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	panicHook(msg)
	m.st.shown = nil // the draft may change now; the frames after this Update read it anew
	cmd := m.update(msg)
	m.st.shown = nil
	m.noticeAnswered()
	if m.observe != nil {
		m.observe(m.cur, m.render())
	}
	return m, cmd
}

func (m *model) update(msg tea.Msg) tea.Cmd {
	st := m.st
	if m.blind(msg) {
		return nil
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		st.width, st.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		st.setDark(msg.IsDark())
		for _, s := range m.allSteps() {
			s.resize()
		}
		return nil
	case tea.KeyPressMsg:
		if m.cur != stepRun && key.Matches(msg, st.keys.Quit) {
			return m.quit()
		}
		if key.Matches(msg, st.keys.HelpTyping) || (!m.steps[m.cur].typing() && key.Matches(msg, st.keys.Help)) {
			m.showHelp = !m.showHelp
			m.layout()
			return nil
		}
	case quitMsg:
		return m.quit()
	case terminateMsg:
		return m.terminate()
	case quitNowMsg:
		return m.abandon()

	case keyResolvedMsg:
		return m.keyResolved(msg)
	case keyCheckedMsg:
		return m.keyChecked(msg)
	case keyRejectedMsg:
		st.keyStatus, st.keyErr, st.client = keyBad, msg.err, nil
		return m.askForKey("The key stopped working: " + errorSentence(msg.err))
	case keyReadyMsg:
		to := m.resume
		m.resume = stepNone
		if to == stepNone || to == stepPortal {
			return m.next()
		}
		return m.goTo(to, "")
	case roomsPageMsg:
		return tea.Batch(st.gotRooms(msg), m.steps[m.cur].Update(msg))
	case groupsMsg:
		st.gotGroups(msg)
		return m.steps[m.cur].Update(msg)
	case languagesMsg:
		st.gotLanguages(msg)
		return m.steps[m.cur].Update(msg)
	case usersMsg:
		st.gotUsers(msg)
		return m.steps[m.cur].Update(msg)
	case templatesMsg:
		waiting := st.d.action == actionTemplate && st.d.template == nil
		st.gotTemplates(msg)
		if waiting && st.d.template != nil && m.cur == stepAction {
			// --template is found: its step is answered, as a flag's answer is.
			return tea.Batch(m.steps[m.cur].Update(msg), m.goTo(st.firstOpen(), ""))
		}
		return m.steps[m.cur].Update(msg)
	case roomLoadedMsg:
		st.gotRoom(msg)
		return m.steps[m.cur].Update(msg)
	case lookupTickMsg:
		if msg.gen == st.lookupGen {
			return st.scheduleLookups()
		}
		return nil
	case lookupDoneMsg:
		return tea.Batch(st.gotLookup(msg), m.steps[m.cur].Update(msg))

	case nextMsg:
		return m.next()
	case backMsg:
		return m.back()
	case gotoMsg:
		if m.cur == stepReview {
			m.returnTo = stepReview
		}
		return m.goTo(msg.to, msg.why)
	case startRunMsg:
		return m.startRun(msg)
	case runFinishedMsg:
		cmd := m.finishRun(msg.result)
		if m.terminated {
			return m.quit() // the summary is printed after the program ends
		}
		return cmd
	case retryMsg:
		return m.retry()
	case roomsFinishedMsg:
		cmd := m.finishRooms(msg.run)
		if m.terminated {
			return m.quit()
		}
		return cmd
	case roomsRetryMsg:
		return m.retryRooms()
	case anotherMsg:
		return m.another()
	}
	return m.steps[m.cur].Update(msg)
}

// blind reports whether msg is input to drop because the screen asks for a larger
// window: a key, paste or click would act on a step the user cannot see (enter three
// times could confirm an unseen review). Ctrl+C and the keys the small screen itself
// offers still work; everything that is not input (sizes, answers, signals) flows.
func (m *model) blind(msg tea.Msg) bool {
	if !m.tooSmallNow() {
		return false
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		k := m.st.keys
		switch {
		case key.Matches(msg, k.Quit):
			return false
		case m.cur == stepSummary:
			return !key.Matches(msg, k.QuitSummary) // "q quits." is shown
		}
		return true
	case tea.KeyMsg, tea.PasteMsg, tea.PasteStartMsg, tea.PasteEndMsg, tea.MouseMsg:
		return true
	}
	return false
}

// keyResolved handles the environment/keyring answer.
func (m *model) keyResolved(msg keyResolvedMsg) tea.Cmd {
	st := m.st
	if msg.gen != st.keyGen || st.keyStatus != keyResolving {
		return nil
	}
	if msg.settings != nil {
		st.settingsRead = true
		applyRemembered(st.d, *msg.settings)
	}
	if msg.portal != "" {
		st.portal = msg.portal
	}
	switch {
	case st.portal == "":
		st.keyStatus = keyMissing
		why := "Which DocSpace portal? Type its address and an API key."
		if msg.settingsErr != nil {
			why = errorSentence(msg.settingsErr) + " " + why
		}
		return m.askForKey(why)
	case msg.err != nil:
		st.keyStatus, st.keyErr = keyMissing, msg.err
		return m.askForKey(errorSentence(msg.err) + " Paste the key to continue.")
	case msg.key == "":
		st.keyStatus = keyMissing
		return m.askForKey("No API key is saved for " + st.portalHost() + ": paste one to continue.")
	}
	st.key, st.keySource, st.keyStatus = msg.key, msg.source, keyChecking
	return st.checkKey(st.portal, st.key)
}

// keyChecked handles the portal's answer about a key.
func (m *model) keyChecked(msg keyCheckedMsg) tea.Cmd {
	st := m.st
	if msg.gen != st.keyGen {
		return nil
	}
	if problem := keyProblem(msg.info, msg.err); problem != "" {
		st.keyStatus, st.keyErr = keyBad, msg.err
		st.client = nil
		if m.cur == stepPortal {
			return m.steps[stepPortal].Update(msg)
		}
		what := "The saved key"
		switch st.keySource {
		case sourceEnv:
			what = "The key in DOCSPACE_API_KEY"
		case sourceDemo:
			what = "The demo key"
		}
		verdict := " did not work: "
		if k := docspace.KindOf(msg.err); msg.err != nil && k != docspace.KindUnauthorized && k != docspace.KindForbidden && !errors.Is(msg.err, docspace.ErrMalformedKey) {
			verdict = " could not be checked: " // the portal's trouble, not the key's
		}
		return m.askForKey(what + verdict + problem)
	}
	if st.client != nil && st.client.Portal() != msg.client.Portal() {
		// Another portal: what was learnt about the old one no longer holds.
		st.rooms = roomCache{gen: st.rooms.gen + 1}
		st.templates = templateCache{}
		st.users, st.lookups = map[string]lookup{}, 0
	}
	info := msg.info
	st.client, st.info, st.self = msg.client, &info, msg.self
	if m.cur == stepPortal {
		m.notice = "" // why the user was sent to the key step no longer holds
	}
	st.portal = msg.client.Portal()
	st.keyStatus, st.keyErr = keyOK, nil
	cmds := []tea.Cmd{st.scheduleLookups(), m.steps[m.cur].Update(msg)}
	if !st.rooms.loading && !st.rooms.done {
		cmds = append(cmds, st.loadRooms(0))
	}
	cmds = append(cmds, st.loadTemplates(), st.loadGroups(), st.loadLanguages(), st.loadUsers())
	if st.d.action == actionExisting && st.d.roomID != 0 && st.d.room == nil {
		cmds = append(cmds, st.loadRoom(st.d.roomID))
	}
	for _, id := range st.d.moreIDs {
		if st.d.action == actionExisting && !st.d.hasMore(id) {
			cmds = append(cmds, st.loadRoom(id))
		}
	}
	return tea.Batch(cmds...)
}

// noticeAnswered drops the notice that sent the user to the key step once they have
// submitted a key: what the step says about it (checking, its problem) matters more
// now, and a long notice (a keyring's sentence) would push it off a small screen.
func (m *model) noticeAnswered() {
	p, ok := m.steps[m.cur].(*portalStep)
	if !ok || m.notice == "" || (p.phase == portalEditing && p.problem == "") {
		return
	}
	m.notice = ""
	m.layout()
}

// askForKey sends the user to the portal step, to come back where they were.
func (m *model) askForKey(why string) tea.Cmd {
	m.st.showPortal = true
	if m.cur != stepPortal && m.cur < stepRun {
		m.resume = m.cur
	}
	return m.goTo(stepPortal, why)
}

// goTo makes id the current step.
func (m *model) goTo(id stepID, why string) tea.Cmd {
	if id != stepReview && m.cur != id && why == "" {
		m.returnTo = stepNone
	}
	m.cur = id
	m.notice = why
	m.layout()
	return m.steps[id].enter()
}

// next moves on from the current step (back to the review after a fix).
func (m *model) next() tea.Cmd {
	if m.returnTo != stepNone && m.cur != m.returnTo {
		to := m.returnTo
		m.returnTo = stepNone
		return m.goTo(to, "")
	}
	return m.goTo(m.st.stepAfter(m.cur), "")
}

// back moves to the step before the current one; nothing on the first.
func (m *model) back() tea.Cmd {
	m.returnTo = stepNone
	if prev := m.st.stepBefore(m.cur); prev != stepNone {
		return m.goTo(prev, "")
	}
	return nil
}

// hasBack reports whether back has a step to go to from the current one.
func (m *model) hasBack() bool {
	return m.st.stepBefore(m.cur) != stepNone
}

// quit ends the program; Run reads the outcome from the model.
func (m *model) quit() tea.Cmd {
	m.quitting = true
	return tea.Quit
}

// terminate handles SIGTERM like a confirmed Ctrl+C: a run under way stops after its
// current request and the program quits once its result is in; any other step quits at
// once. A second SIGTERM while the run stops quits at once too.
func (m *model) terminate() tea.Cmd {
	again := m.terminated
	m.terminated = true
	if r, ok := m.steps[stepRun].(*runStep); ok && m.cur == stepRun {
		if again || r.stopping {
			return m.abandon()
		}
		r.stop()
		return nil
	}
	if r, ok := m.steps[stepRun].(*roomsRunStep); ok && m.cur == stepRun {
		if again || r.stopping {
			return m.quit()
		}
		return r.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}) // the run's own stop
	}
	return m.quit()
}

// abandon quits without waiting for the run under way, keeping what the user must be
// told about the requests it leaves in flight for after the program ends.
func (m *model) abandon() tea.Cmd {
	if r, ok := m.steps[stepRun].(*runStep); ok && m.cur == stepRun && m.st.running {
		m.abandoned = r.inflight.Abandoned()
	}
	if r, ok := m.steps[stepRun].(*roomsRunStep); ok && m.cur == stepRun && m.st.running {
		m.abandoned = r.inflight.Abandoned()
	}
	return m.quit()
}

// startRun leaves the questions for the run step.
func (m *model) startRun(msg startRunMsg) tea.Cmd {
	m.base = nil // a confirmed plan is a new run, not a retry
	m.st.confirmed()
	m.st.running = true
	if len(msg.rooms) > 1 {
		pres := msg.roomPres
		if len(pres) != len(msg.rooms) {
			pres = make([]*docspace.Preflight, len(msg.rooms)) // not checked: each room checks as it runs
		}
		var titles []string
		for _, c := range m.st.d.roomColumns() {
			titles = append(titles, c.title)
		}
		m.roomsBase, m.roomsOverrides = nil, msg.overrides
		m.steps[stepRun] = newRoomsRunStep(m.st, msg.rooms, pres, titles)
		return m.goTo(stepRun, "")
	}
	m.steps[stepRun] = newRunStep(m.st, msg.plan, msg.pre)
	return m.goTo(stepRun, "")
}

// finishRooms records a run over rooms (merged into the earlier one after a retry)
// and shows its room × person summary.
func (m *model) finishRooms(run docspace.RoomsRun) tea.Cmd {
	st := m.st
	if m.roomsBase != nil {
		run = m.roomsBase.run.Merge(m.roomsRetries, run)
		st.roomRuns[len(st.roomRuns)-1].run = run
	} else {
		st.roomRuns = append(st.roomRuns, roomsRecord{run: run, overrides: m.roomsOverrides})
	}
	st.lastRooms = true
	m.roomsBase, m.roomsRetries = nil, nil
	st.running = false
	m.steps[stepSummary] = newRoomsSummaryStep(st, st.roomRuns[len(st.roomRuns)-1])
	for _, r := range run.Rooms {
		if docspace.KindOf(r.Result.Err) == docspace.KindUnauthorized {
			st.keyStatus, st.keyErr = keyBad, r.Result.Err
		}
	}
	return m.goTo(stepSummary, "")
}

// retryRooms re-sends, in each room, only the invitations that failed there.
func (m *model) retryRooms() tea.Cmd {
	st := m.st
	if len(st.roomRuns) == 0 {
		return nil
	}
	last := st.roomRuns[len(st.roomRuns)-1]
	retries, ok := last.run.RetryPlans()
	if !ok {
		return nil
	}
	plans := make([]docspace.Plan, len(retries))
	titles := roomTitles(last.run)
	var sub []string
	for i, r := range retries {
		plans[i] = r.Plan
		sub = append(sub, titles[r.Room])
	}
	m.roomsBase, m.roomsRetries = &last, retries
	st.running = true
	m.steps[stepRun] = newRoomsRunStep(st, plans, nil, sub)
	return m.goTo(stepRun, "")
}

// finishRun records a run's result (merged into the earlier one after a retry) and
// shows the summary.
func (m *model) finishRun(r docspace.Result) tea.Cmd {
	st := m.st
	if m.base != nil {
		r = mergeRetry(*m.base, r)
		st.results[len(st.results)-1] = r
	} else {
		st.results = append(st.results, r)
	}
	m.base = nil
	st.running, st.lastRooms = false, false
	m.steps[stepSummary] = newSummaryStep(st, r)
	if docspace.KindOf(r.Err) == docspace.KindUnauthorized {
		st.keyStatus, st.keyErr = keyBad, r.Err
	}
	return m.goTo(stepSummary, "")
}

// retry runs the failed invitations again, in the room the first run made; when no
// room was made, the whole plan runs again.
func (m *model) retry() tea.Cmd {
	st := m.st
	if len(st.results) == 0 {
		return nil
	}
	last := st.results[len(st.results)-1]
	if !last.CanRetry() {
		return nil // e.g. the create's answer was lost: running the plan again could make a second room
	}
	plan := st.d.plan(st.users)
	if p, ok := last.RetryPlan(plan); ok {
		m.base = &last
		plan = p
	} else if last.Room != nil {
		return nil
	}
	st.running = true
	m.steps[stepRun] = newRunStep(st, plan, nil)
	return m.goTo(stepRun, "")
}

// mergeRetry puts a retry's outcomes in place of the earlier ones for the same people.
func mergeRetry(base, retry docspace.Result) docspace.Result {
	out := base
	byEmail := map[string]docspace.Outcome{}
	for _, o := range retry.Outcomes {
		byEmail[strings.ToLower(o.Invitee.Email)] = o
	}
	out.Outcomes = make([]docspace.Outcome, len(base.Outcomes))
	for i, o := range base.Outcomes {
		if n, ok := byEmail[strings.ToLower(o.Invitee.Email)]; ok {
			o = n
		}
		out.Outcomes[i] = o
	}
	out.Err, out.Cancelled = retry.Err, retry.Cancelled
	out.Elapsed = base.Elapsed + retry.Elapsed
	if out.Room == nil {
		out.Room, out.RoomCreated = retry.Room, retry.RoomCreated
	}
	return out
}

// another starts a new plan, keeping the portal, the key and the remembered choices.
func (m *model) another() tea.Cmd {
	st := m.st
	st.newDraft()
	for _, r := range st.results {
		st.roomMade(r)
	}
	for _, rr := range st.roomRuns {
		for _, r := range rr.run.Rooms {
			st.roomMade(r.Result)
		}
	}
	m.buildSteps(nil)
	delete(m.steps, stepRun)
	m.returnTo, m.base = stepNone, nil
	return tea.Batch(st.resumeBackground(), m.goTo(stepAction, ""))
}

// resultEnd is the last run's result and how the wizard ended, as if stopped by Ctrl+C.
func (m *model) resultEnd() (docspace.Result, onboard.End) {
	st := m.st
	if m.abandoned != nil {
		return docspace.Result{Cancelled: true}, onboard.EndInterrupted // the run's result never came
	}
	if n := len(st.roomRuns); n > 0 && st.lastRooms {
		run := st.roomRuns[n-1].run
		worst := docspace.Result{}
		for _, r := range run.Rooms {
			if r.Result.Status() == run.Status() {
				worst = r.Result
				break
			}
		}
		return worst, onboard.RunEnd(run.Status())
	}
	if n := len(st.results); n > 0 {
		r := st.results[n-1]
		return r, onboard.RunEnd(r.Status())
	}
	if st.keyStatus == keyBad {
		if st.keyErr == nil { // the key works but lacks a scope
			return docspace.Result{}, onboard.EndKeyRefused
		}
		// As the scriptable path: refused when the key itself will not do, failed when
		// the portal could not be reached or failed.
		return docspace.Result{}, onboard.RunEnd(docspace.Result{Err: st.keyErr}.Status())
	}
	return docspace.Result{}, onboard.EndInterrupted
}

// result is the last run's result and how the program ends: what resultEnd says, but
// EndTerminated where Ctrl+C's EndInterrupted would be when SIGTERM stopped the wizard.
func (m *model) result() (docspace.Result, onboard.End) {
	r, end := m.resultEnd()
	if m.terminated {
		end = end.AsTerminated()
	}
	return r, end
}

func (m *model) allSteps() []step {
	out := make([]step, 0, len(m.steps))
	for _, s := range m.steps {
		out = append(out, s)
	}
	return out
}
