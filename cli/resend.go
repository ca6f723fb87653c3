package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// ResendOptions are the inputs of `docspace-wizard resend`.
type ResendOptions struct {
	Portal string
	RoomID int
	// Emails are the pending guests to resend to; empty for all of the room's.
	Emails []string
	// Key, when set, is used as is (the --demo portal's key).
	Key string
}

// Resend sends a room's invitation again to its pending guests, in one call (the
// portal allows 5 per 15 minutes per user). It ends EndInvalid for a bad --room or an
// --email that is no pending guest of the room (nothing sent), EndFailed when the
// portal refuses, EndDone when sent.
func Resend(ctx context.Context, env Env, opts ResendOptions) onboard.End {
	out, w := env.marked(env.Streams.Out), env.marked(env.Streams.Err)
	if opts.RoomID <= 0 {
		fmt.Fprintln(w, "Give the room with --room ID (the number in the room's link, …/rooms/shared/ID/…).")
		return onboard.EndInvalid
	}
	client, end := env.connect(opts.Portal, opts.Key)
	if client == nil {
		return end
	}
	room, err := client.GetRoom(ctx, opts.RoomID)
	if err != nil {
		fmt.Fprintln(w, onboard.MarkFailed+" "+onboard.ErrorSentence(err))
		return onboard.EndFailed
	}
	guests, err := client.PendingGuests(ctx, room.ID)
	if err != nil {
		fmt.Fprintln(w, onboard.MarkFailed+" "+onboard.ErrorSentence(err))
		return onboard.EndFailed
	}
	chosen, problems := pickPending(guests, opts.Emails)
	if len(problems) > 0 {
		writeProblems(w, problems)
		return onboard.EndInvalid
	}
	if len(chosen) == 0 {
		fmt.Fprintf(out, "Room \"%s\" has no pending guests: everyone invited has accepted. Nothing was sent.\n", room.Title)
		return onboard.EndDone
	}
	ids := make([]string, len(chosen))
	for i, g := range chosen {
		ids[i] = g.ID
	}
	fmt.Fprintf(w, "%s Resending the invitation to %s%s\n", onboard.MarkWorking, onboard.Plural(len(chosen), "pending guest", "pending guests"), onboard.Ellipsis)
	if err := client.Resend(ctx, room.ID, ids); err != nil {
		if msg := docspace.ResendRefusal(err); msg != "" {
			fmt.Fprintln(w, onboard.MarkFailed+" "+msg)
		} else {
			fmt.Fprintln(w, onboard.MarkFailed+" "+onboard.ErrorSentence(err))
		}
		fmt.Fprintln(w, "  Nothing was sent.")
		return onboard.EndFailed
	}
	fmt.Fprintln(out, onboard.ResentSentence(room.Title, emailsOf(chosen)))
	return onboard.EndDone
}

// pickPending returns the pending guests named by emails (all when none is named),
// and a problem for each e-mail that is no pending guest of the room.
func pickPending(guests []docspace.User, emails []string) ([]docspace.User, []string) {
	if len(emails) == 0 {
		return guests, nil
	}
	byEmail := make(map[string]docspace.User, len(guests))
	for _, g := range guests {
		byEmail[strings.ToLower(g.Email)] = g
	}
	var (
		out      []docspace.User
		problems []string
		seen     = map[string]bool{}
	)
	for _, e := range emails {
		for _, one := range strings.Split(e, ",") {
			key := strings.ToLower(strings.TrimSpace(one))
			if key == "" || seen[key] {
				continue
			}
			seen[key] = true
			g, ok := byEmail[key]
			if !ok {
				problems = append(problems, fmt.Sprintf("--email %s: not a pending guest of this room (only guests who have not accepted get an invitation again).", quoted(key)))
				continue
			}
			out = append(out, g)
		}
	}
	return out, problems
}

func emailsOf(us []docspace.User) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.Email
	}
	return out
}
