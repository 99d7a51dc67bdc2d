import { isObject } from '../checks/types.js';
import type { Exchange } from '../http/types.js';
import type { ActionContext, StepAction } from './engine.js';

/** A walk that saw totalResults change met a collection in motion: it is walked again, this many times at most. */
const WALKS = 3;

interface Walk {
  pages: string[][];
  last: Exchange;
  /** Whether the walk reached the last page (rather than stopping at maxPages). */
  complete: boolean;
  /** Whether totalResults changed from one page to the next. */
  moved: boolean;
}

/**
 * `action: { type: pages, path, count, maxPages }`: pages through a collection with no filter,
 * `count` resources a page, as Microsoft's gallery validation template does ("User pagination").
 * Each page is held to http.status, list.shape and list.page (startIndex echoed, at most `count`
 * resources); the walk to list.pages over what this run created, since an unfiltered list also
 * holds what others did. RFC 7644 §3.4.2.4 warns that a collection changed during a walk gives
 * inconsistent pages, so a walk that saw totalResults change is walked again.
 */
export const pagesAction: StepAction = async (params, ctx) => {
  const { path, count } = params as { path: '/Users' | '/Groups'; count: number };
  const maxPages = (params.maxPages as number | undefined) ?? 40;
  const owned = ctx.owned
    .pending()
    .filter((resource) => resource.startsWith(`${path}/`))
    .map((resource) => resource.slice(path.length + 1));
  for (let attempt = 1; ; attempt++) {
    const walk = await walkPages(ctx, path, count, maxPages);
    if (!walk) return; // a page failed its checks, which say why
    if (walk.moved && attempt < WALKS) continue;
    await ctx.check('list.pages', walk.last, { pages: walk.pages, owned, complete: walk.complete && !walk.moved });
    return;
  }
};

async function walkPages(ctx: ActionContext, path: string, count: number, maxPages: number): Promise<Walk | undefined> {
  const pages: string[][] = [];
  const totals = new Set<unknown>();
  let startIndex = 1;
  for (;;) {
    const last = await ctx.send({
      method: 'GET',
      path,
      query: [
        ['startIndex', String(startIndex)],
        ['count', String(count)],
      ],
    });
    const outcomes = [
      await ctx.check('http.status', last, { expected: 200 }),
      await ctx.check('list.shape', last),
      await ctx.check('list.page', last, { startIndex, itemsPerPage: count }),
    ];
    if (outcomes.some((outcome) => outcome.status !== 'passed')) return undefined;
    const { totalResults, Resources: resources = [] } = last.response!.json as {
      totalResults: number;
      Resources?: unknown[];
    };
    pages.push(resources.flatMap((r) => (isObject(r) && typeof r.id === 'string' ? [r.id] : [])));
    totals.add(totalResults);
    startIndex += resources.length;
    const complete = startIndex > totalResults;
    if (complete || pages.length >= maxPages) return { pages, last, complete, moved: totals.size > 1 };
  }
}
