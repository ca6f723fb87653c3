package tui

import "github.com/docspace-wizard/docspace-wizard/docspace"

// The one step sequence: which questions are asked, in which order, which ones the
// flags or earlier answers have answered, and which step owns a problem. The wizard
// (root.go) moves through it screen by screen; the plain prompter (accessible.go)
// walks it question by question.

// sequence is the order of the question steps for the current draft.
func (st *state) sequence() []stepID {
	var s []stepID
	if st.showPortal {
		s = append(s, stepPortal)
	}
	s = append(s, stepAction)
	switch st.d.action {
	case actionExisting:
		if st.d.alsoNew {
			s = append(s, stepTitle, stepType, stepSettings) // the new room beside the existing ones
		}
	case actionTemplate:
		// The template decides the type; the settings are those its type offers.
		s = append(s, stepTitle, stepSettings)
	default:
		s = append(s, stepTitle, stepType, stepSettings)
	}
	return append(s, stepPeople, stepAccess, stepNotify, stepReview)
}

// answered reports whether a step's question already has a usable answer.
func (st *state) answered(id stepID) bool {
	return st.answeredBy(id, func() docspace.Problems { return st.d.problems(st.users) })
}

// shownProblems is the draft's problems for drawing a frame, validated once between
// two Updates.
func (st *state) shownProblems() docspace.Problems {
	if st.shown == nil {
		p := st.d.problems(st.users)
		st.shown = &p
	}
	return *st.shown
}

// answeredBy is answered with the draft's problems from problems, called only when
// the step depends on them.
func (st *state) answeredBy(id stepID, problems func() docspace.Problems) bool {
	d := st.d
	switch id {
	case stepPortal:
		return st.keyStatus != keyMissing && st.keyStatus != keyBad
	case stepAction:
		return d.action == actionNew || (d.action == actionExisting && d.roomID != 0 && d.roomErr == nil) ||
			(d.action == actionTemplate && d.template != nil)
	case stepTitle:
		return titleProblem(d.title) == ""
	case stepType:
		return d.typeSet && d.roomType.Valid()
	case stepNotify:
		return true
	case stepSettings:
		return !owns(stepSettings, problems())
	case stepPeople, stepAccess:
		f := docspace.FieldInvitees
		if id == stepAccess {
			f = docspace.FieldAccess
		}
		if id == stepPeople && len(d.list.Invitees) == 0 {
			return false // an empty list is allowed for a new room, but asked about first
		}
		for _, p := range problems() {
			if p.Field == f {
				return false
			}
		}
		return true
	}
	return false
}

// firstOpen is the first step that still needs an answer; the review when none does.
func (st *state) firstOpen() stepID {
	for _, id := range st.sequence() {
		if !st.answered(id) {
			return id
		}
	}
	return stepReview
}

// stepAfter is the step that follows id in the sequence (read afresh: the action
// decides whether title and type are in it); the review after the last.
func (st *state) stepAfter(id stepID) stepID {
	seq := st.sequence()
	for i, s := range seq {
		if s == id && i+1 < len(seq) {
			return seq[i+1]
		}
	}
	return stepReview
}

// stepBefore is the step before id in the sequence; stepNone on the first.
func (st *state) stepBefore(id stepID) stepID {
	seq := st.sequence()
	for i, s := range seq {
		if s == id && i > 0 {
			return seq[i-1]
		}
	}
	return stepNone
}

// owner is the step that owns a plan field.
func owner(f docspace.Field) stepID {
	switch f {
	case docspace.FieldRoom, docspace.FieldTemplate:
		return stepAction
	case docspace.FieldTitle:
		return stepTitle
	case docspace.FieldType:
		return stepType
	case docspace.FieldSettings:
		return stepSettings
	case docspace.FieldInvitees:
		return stepPeople
	case docspace.FieldAccess:
		return stepAccess
	case docspace.FieldMessage, docspace.FieldLanguage, docspace.FieldLink:
		return stepNotify
	}
	return stepReview
}

// owns reports whether step id owns one of probs: the step to ask again to fix it.
func owns(id stepID, probs docspace.Problems) bool {
	for _, p := range probs {
		if owner(p.Field) == id {
			return true
		}
	}
	return false
}
