/** HTML pages: what a wrong URL, a proxy in the way, or a sign-in redirect puts in front of a client. */
import { STATUS_CODES } from 'node:http';

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** IIS 10 "detailed error" page for a path no application serves (a wrong API path gives HTML, not JSON). */
export function iisNotFoundPage(physicalPath: string): string {
	return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>IIS 10.0 Detailed Error - 404.0 - Not Found</title>
</head>
<body>
<div id="content">
<div class="content-container">
<h3>HTTP Error 404.0 - Not Found</h3>
<h4>The resource you are looking for has been removed, had its name changed, or is temporarily unavailable.</h4>
</div>
<div class="content-container">
<fieldset><h4>Most likely causes:</h4>
<ul><li>The directory or file specified does not exist on the Web server.</li><li>The URL contains a typographical error.</li></ul>
</fieldset>
</div>
<div class="content-container">
<fieldset><h4>Detailed Error Information:</h4>
<table border="0" cellpadding="0" cellspacing="0">
<tr class="alt"><th>Module</th><td>IIS Web Core</td></tr>
<tr><th>Notification</th><td>MapRequestHandler</td></tr>
<tr class="alt"><th>Handler</th><td>StaticFile</td></tr>
<tr><th>Error Code</th><td>0x80070002</td></tr>
<tr class="alt"><th>Requested URL</th><td>${escapeHtml(physicalPath)}</td></tr>
</table>
</fieldset>
</div>
</div>
</body>
</html>
`;
}

/** The OneStream web client landing page (what BaseWebServerUrl points at). */
export function oneStreamWebPage(): string {
	return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"/><title>OneStream</title></head>
<body>
<div id="app">OneStream Web (stand-in). This is the web server URL that API bodies carry in BaseWebServerUrl.</div>
</body>
</html>
`;
}

/** The auto-generated Web API help page (self-hosted installs serve one at /onestreamapi). */
export function apiHelpPage(
	endpoints: Array<{ endpoint: string; versions: readonly string[] }>,
): string {
	const rows = endpoints
		.map(
			(e) =>
				`<tr><td>POST api/${escapeHtml(e.endpoint)}</td><td>${e.versions.map(escapeHtml).join(', ')}</td></tr>`,
		)
		.join('\n');
	return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"/><title>OneStream Web API</title></head>
<body>
<h1>OneStream Web API</h1>
<table><tr><th>API</th><th>api-version</th></tr>
${rows}
</table>
</body>
</html>
`;
}

/**
 * A page from something in front of the API: nginx style for 502/504 (a reverse proxy or load
 * balancer), HTTP.sys style for anything else (503 while an app pool recycles).
 */
export function proxyErrorPage(status: number): string {
	const text = STATUS_CODES[status] ?? 'Error';
	if (status === 502 || status === 504) {
		return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
	}
	return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>${text}</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n<BODY><h2>${text}</h2>\r\n<hr><p>HTTP Error ${status}. ${text}.</p>\r\n</BODY></HTML>\r\n`;
}

/** The OneStream IdentityServer sign-in page an SSO proxy answers with (200, HTML). */
export function signInPage(): string {
	return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"/><title>Sign in - OneStream Identity Server</title></head>
<body>
<form method="post" action="/OneStreamIS/Account/Login">
<h1>Sign in</h1>
<label>User name <input name="Username"/></label>
<label>Password <input name="Password" type="password"/></label>
<button type="submit">Sign in</button>
</form>
</body>
</html>
`;
}

export function redirectPage(location: string): string {
	return `<html><head><title>Object moved</title></head><body>\r\n<h2>Object moved to <a href="${escapeHtml(location)}">here</a>.</h2>\r\n</body></html>\r\n`;
}
