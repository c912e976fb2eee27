import { runGit } from './run-git';

/** git's author identity (config or environment), as a commit would record it. */
export async function gitAuthor(cwd: string): Promise<{ name: string; email: string }> {
  const r = await runGit(['var', 'GIT_AUTHOR_IDENT'], { cwd, okCodes: [0, 128] });
  const m = /^(.*) <([^>]*)>/.exec(r.stdout.toString());
  return m ? { name: m[1], email: m[2] } : { name: 'unknown', email: '' };
}
