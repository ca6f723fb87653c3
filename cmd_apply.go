package main

import (
	"github.com/spf13/cobra"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

const applyLong = `Reads a plan file (YAML) that lists rooms, existing ones by id or exact title or new ones with
a title and type, and the people and groups each should hold with their access, the invitation
language and the invitation link. It first shows what would change on the portal (rooms to
create, people and groups to invite, access to change, links to turn on, already in place),
asks, then applies it. Applying the same file again changes nothing and says "nothing to do".
A file with problems lists every one with its line and column, and nothing is sent.
The format is in the README ("Plan files") and schema/plan.schema.json.

The portal and key come from the same places as for every command: --portal, DOCSPACE_BASE_URL,
DOCSPACE_API_KEY, the keyring.

Exit codes: 0 applied, or nothing to do; 2 a file with problems, or no terminal to ask and no --yes
(nothing written); 3 some rooms or people did not go through; 4 API key missing or refused.`

const applyExamples = `docspace-wizard apply onboarding.yaml
docspace-wizard apply onboarding.yaml --yes --json
cat onboarding.yaml | docspace-wizard apply - --yes`

func applyCmd(env cli.Env) *cobra.Command {
	var o cli.ApplyOptions
	c := &cobra.Command{
		Use:   "apply FILE",
		Short: "Create rooms and invite people as a plan file says, showing the changes first",
		Long:  applyLong, Example: applyExamples,
		Args: func(c *cobra.Command, args []string) error {
			switch len(args) {
			case 0:
				return usageError("Give the plan file to apply: docspace-wizard apply onboarding.yaml (or - to read it from standard input).")
			case 1:
				return nil
			}
			return usageError("Unexpected argument %q: apply takes one plan file; see %s --help.", outside.Line(args[1], 40), c.CommandPath())
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.File = args[0]
			ctx, _, stop := notifyContext(c.Context())
			defer stop()
			return exitWith(cli.Apply(ctx, env, o))
		},
	}
	c.Flags().StringVar(&o.Portal, "portal", "", "portal address (default: DOCSPACE_BASE_URL, then the portal you signed in to)")
	c.Flags().BoolVar(&o.Yes, "yes", false, "apply without asking (needed when there is no terminal)")
	c.Flags().BoolVar(&o.JSON, "json", false, "print the plan and the results as JSON")
	must(c.RegisterFlagCompletionFunc("portal", portalCompletion(env)))
	return c
}
