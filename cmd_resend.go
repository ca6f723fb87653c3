package main

import (
	"github.com/spf13/cobra"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// resendCmd is `docspace-wizard resend`: a room's invitation sent again to its
// pending guests, in one call.
func resendCmd(env cli.Env) *cobra.Command {
	var o cli.ResendOptions
	c := subcommand("resend", "Send a room's invitation again to the guests who have not accepted it",
		"Sends the room's invitation e-mail again to its pending guests (people invited by e-mail who\n"+
			"have not accepted yet): all of them, or those given with --email. It is one request: the\n"+
			"portal allows 5 per 15 minutes. Exit 0 when sent (or nobody is pending), 2 for a bad --room or\n"+
			"an --email that is no pending guest of the room, 1 when the portal refuses.",
		"docspace-wizard resend --room 104\ndocspace-wizard resend --room 104 --email ann@example.com --email bob@example.com",
		func(c *cobra.Command) onboard.End { return cli.Resend(c.Context(), env, o) })
	f := c.Flags()
	f.IntVar(&o.RoomID, "room", 0, "the room whose invitation to send again (the number in its link)")
	f.StringArrayVar(&o.Emails, "email", nil, "a pending guest to resend to; repeat for more (default: every pending guest of the room)")
	f.StringVar(&o.Portal, "portal", "", "portal address (default: DOCSPACE_BASE_URL, then the portal you signed in to)")
	must(c.RegisterFlagCompletionFunc("portal", portalCompletion(env)))
	must(c.RegisterFlagCompletionFunc("room", cobra.NoFileCompletions))
	must(c.RegisterFlagCompletionFunc("email", cobra.NoFileCompletions))
	return c
}
