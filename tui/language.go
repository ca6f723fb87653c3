package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// languageCache is the portal's languages for invitation e-mails and its own, read
// in the background once the key works.
type languageCache struct {
	codes   []string
	portal  string // the portal's own culture, "" when not known
	loading bool
	done    bool
}

// languageLister is a Portal that can list its languages (docspace.Client can).
type languageLister interface {
	Cultures(ctx context.Context) ([]string, error)
	Settings(ctx context.Context) (docspace.PortalSettings, error)
}

// languagesMsg carries the portal's languages.
type languagesMsg struct {
	portal  string
	codes   []string
	culture string
	err     error
}

// loadLanguages asks for the portal's languages and its own, once per portal.
func (st *state) loadLanguages() tea.Cmd {
	ll, ok := st.client.(languageLister)
	if !ok || st.langs.loading || st.langs.done {
		return nil
	}
	st.langs.loading = true
	ctx, portal := st.ctx, st.client.Portal()
	return func() tea.Msg { return readLanguages(ctx, ll, portal) }
}

// readLanguages reads the languages; it blocks.
func readLanguages(ctx context.Context, ll languageLister, portal string) languagesMsg {
	codes, err := ll.Cultures(ctx)
	if err != nil {
		return languagesMsg{portal: portal, err: err}
	}
	s, _ := ll.Settings(ctx) // without it, the portal's own is just not named
	return languagesMsg{portal: portal, codes: codes, culture: s.Culture}
}

// gotLanguages stores the languages of the portal in use. A failed read leaves the
// question with the portal's own language only; the run's check still reads them
// when --language named one.
func (st *state) gotLanguages(msg languagesMsg) {
	if st.client == nil || msg.portal != st.client.Portal() {
		return
	}
	st.langs = languageCache{codes: msg.codes, portal: msg.culture, done: msg.err == nil}
}

// languageQuestion asks the invitation e-mails' language: the portal's own, or one of
// the languages it lists (the one --language named stays offered even when it lists
// it not, so the review can say so).
func languageQuestion(st *state) question[string] {
	own := "The portal's language"
	if st.langs.portal != "" {
		own += ": " + docspace.LanguageName(st.langs.portal)
	}
	q := question[string]{
		title:   "Language of the invitation e-mails",
		help:    "New guests get the invitation in this language; existing users always get DocSpace's e-mails in their own.",
		choices: []choice[string]{{label: own, value: ""}},
		def:     st.d.culture,
	}
	seen := false
	for _, c := range st.langs.codes {
		q.choices = append(q.choices, choice[string]{label: docspace.LanguageName(c), value: c})
		seen = seen || c == st.d.culture
	}
	if st.d.culture != "" && !seen {
		q.choices = append(q.choices, choice[string]{label: docspace.LanguageName(st.d.culture), value: st.d.culture})
	}
	return q
}

// mayInviteGuests reports whether the list holds someone invited by e-mail who is not
// known to be a portal user: a new guest, the only one the language reaches.
func (st *state) mayInviteGuests() bool {
	for _, inv := range st.d.list.Invitees {
		if inv.IsGroup() || inv.Email == "" {
			continue
		}
		if u, ok := st.userOf(inv.Email); !ok || u.state != lookupFound {
			return true
		}
	}
	return false
}

// languageWords says in which language new guests are invited, for the review: ""
// for the portal's own (nothing to say).
func languageWords(st *state) string {
	if st.d.culture == "" {
		return ""
	}
	return docspace.LanguageName(st.d.culture) + " for new guests (users: their own)"
}
