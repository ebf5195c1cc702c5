/** The point of OneStream's PAT checklist that a 403 can mean: the user lacks the API role. */
const NON_INTERACTIVE_ROLE =
	'the user has the AccessAsNonInteractiveUser system security role through a security group (it defaults to the Nobody group, so even administrators need it)';

/** OneStream's own checklist for PAT authentication errors (IAM Guide, "About Using Personal Access Tokens in APIs"). */
export const PAT_CHECKLIST =
	'Check with a OneStream administrator that: (1) the user who created the PAT is enabled (System > Security > Users > Is Enabled = True); ' +
	'(2) the user has not exceeded the logon inactivity threshold; ' +
	`(3) ${NON_INTERACTIVE_ROLE}; ` +
	'(4) the PAT was generated in the Identity & Access Management Portal, not a legacy IdP-based token; ' +
	'(5) the complete PAT string is used, not a truncated one; ' +
	'(6) the PAT has not expired or been revoked (see Manage Personal Access Tokens).';

/** What a 403 can mean: the token was accepted, but its user may not do this. */
export const FORBIDDEN_HINT = `The token was accepted and carries the rights of the user who created it. Check with a OneStream administrator that ${NON_INTERACTIVE_ROLE}, and that the user has access to this object in OneStream's security.`;

export const TASK_ACTIVITY_HINT =
	"Check OneStream's Task Activity (and the Error Log) for this job before running it again.";

/** A Server URL with `user:password@`: refused by the node and by the credential's Test alike. */
export const USER_INFO_REFUSED = {
	message: "The credential's Server URL contains a user name or password (user:password@)",
	description:
		"Remove them: OneStream is reached with the Personal Access Token alone, and n8n's HTTP client would send the user name and password instead of the token. Enter only the address, for example https://acme.onestreamcloud.com",
};
