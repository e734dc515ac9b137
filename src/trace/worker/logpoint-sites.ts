import { debug } from '../../internal/debuglog.js';
import type { InspectorClient } from '../../internal/inspector-session.js';
import { lastMapReference } from '../../modules/source-map-comment.js';
import { mapSources, scriptMap } from './script-maps.js';
import { type BreakpointPlace, SharedBreakpoints } from './shared-breakpoints.js';

/** A line's logpoints, one breakpoint condition: what logpoint.ts asks the worker to place. */
interface Site {
  /** The number logpoint.ts gave the line's logpoints: lines set earlier have lower ones. */
  readonly id: number;
  readonly url: string;
  /** 0-based. */
  readonly line: number;
  readonly condition: string;
  /** Its breakpoint on the line of the file itself, the line as V8 runs it. */
  direct: BreakpointPlace | undefined;
  /** The file runs compiled with a source map: no breakpoint on its own line then. */
  compiledInPlace: boolean;
  /** Its breakpoint in each script compiled from the file, by the script's URL. */
  readonly mapped: Map<string, BreakpointPlace>;
}

/**
 * The trace worker's logpoints, as breakpoints of its session. A logpoint's line is the line of
 * the file as written: where the code V8 runs was compiled from it with a source map (tsx, a .ts
 * compiled ahead to .js), its breakpoint goes where the map says that line went — in an ES module,
 * while V8 pauses before the first run of a script with a source map (an instrumentation
 * breakpoint, on while logpoints are set); in a CommonJS module, which V8 does not pause for,
 * when the main thread asks before Node compiles it.
 */
export class LogpointSites {
  readonly #client: InspectorClient;
  readonly #breakpoints: SharedBreakpoints;
  readonly #sites = new Map<number, Site>();
  /**
   * The `sourceMappingURL` of each script URL that has one, as V8 found it; for a map written
   * into the script (a `data:` URL, tsx's, as long as the module's source or longer), the script's
   * id, to read it back from the script if a logpoint ever needs it, rather than keep a copy of
   * every such map for as long as the worker runs.
   */
  readonly #mapReferences = new Map<string, string | { readonly inlineIn: string }>();
  /**
   * The files the map written into a script maps back to, by the script's id: read the first
   * time a logpoint is set after the script was parsed, and only the list kept.
   */
  readonly #inlineSources = new Map<string, ReadonlySet<string>>();
  /** The instrumentation breakpoint's id, while logpoints are set. */
  #beforeMappedScripts: string | undefined;

  constructor(client: InspectorClient) {
    this.#client = client;
    this.#breakpoints = new SharedBreakpoints(client);
  }

  /** How many lines have logpoints. */
  get size(): number {
    return this.#sites.size;
  }

  /**
   * Whether V8 pauses before scripts with a source map for this session. V8 does not say whose
   * instrumentation breakpoint a pause was (its `hitBreakpoints` is empty): while this one is
   * set, such a pause is taken as this session's.
   */
  get pausingBeforeMappedScripts(): boolean {
    return this.#beforeMappedScripts !== undefined;
  }

  /** A script V8 parsed: one with a source map may be where a logpoint's line went. */
  scriptParsed(scriptId: string, url: string, sourceMapUrl: string | undefined): void {
    if (!sourceMapUrl) return;
    this.#mapReferences.set(
      url,
      sourceMapUrl.startsWith('data:') ? { inlineIn: scriptId } : sourceMapUrl,
    );
  }

  /**
   * Sets the logpoints of a line, or sets them again with a new condition. A line's logpoints
   * share its breakpoint: one added or undone sets it again, condition and all, and V8 refuses a
   * second breakpoint on the line while the first is there.
   */
  async set(id: number, url: string, line: number, condition: string): Promise<void> {
    const previous = this.#sites.get(id);
    if (previous !== undefined) {
      this.#sites.delete(id);
      await this.#unplace(previous);
    }
    const site: Site = {
      id,
      url,
      line,
      condition,
      direct: undefined,
      compiledInPlace: previous?.compiledInPlace ?? false,
      mapped: new Map(),
    };
    this.#sites.set(id, site);
    // Scripts already run from a compiled copy of the file: mapped first, so that no breakpoint
    // stands on the compiled line of the same number. Those whose map is written into them: the
    // one compiled in place of the file (tsx's), and a bundle whose map names the file.
    for (const [scriptUrl, reference] of this.#mapReferences) {
      if (typeof reference === 'string') await this.#mapInto([site], scriptUrl, reference);
      else {
        const inline = await this.#inlineMapFrom(reference.inlineIn, scriptUrl, url);
        if (inline !== undefined) await this.#mapInto([site], scriptUrl, inline);
      }
    }
    if (!site.compiledInPlace) {
      const place = { url, line, column: 0 };
      await this.#breakpoints.add(place, id, condition);
      site.direct = place;
    }
    if (this.#sites.size === 1) await this.#activate(true);
  }

  /** Removes the logpoints of a line. */
  async remove(id: number): Promise<void> {
    const site = this.#sites.get(id);
    if (site === undefined) return;
    this.#sites.delete(id);
    await this.#unplace(site);
    if (this.#sites.size === 0) await this.#activate(false);
  }

  /**
   * Places the logpoints of the files the script at `scriptUrl` was compiled from (its source
   * map, `reference`, names them) where their lines went in it.
   */
  mapScript(scriptUrl: string, reference: string): Promise<void> {
    return this.#mapInto([...this.#sites.values()], scriptUrl, reference);
  }

  /**
   * The `data:` URL of the map written into the script `scriptId` (at `scriptUrl`) if that map
   * names the file at `url`. Each script is read once to learn what its map names.
   */
  async #inlineMapFrom(
    scriptId: string,
    scriptUrl: string,
    url: string,
  ): Promise<string | undefined> {
    const known = this.#inlineSources.get(scriptId);
    if (scriptUrl !== url && known !== undefined && !known.has(url)) return undefined;
    const inline = await this.#inlineMap(scriptId);
    if (inline === undefined || scriptUrl === url) return inline;
    if (known === undefined) {
      const sources = mapSources(scriptUrl, inline) ?? new Set<string>();
      this.#inlineSources.set(scriptId, sources);
      if (!sources.has(url)) return undefined;
    }
    return inline;
  }

  /** The `data:` URL of the map written into a script V8 has parsed, read from its source. */
  async #inlineMap(scriptId: string): Promise<string | undefined> {
    try {
      const { scriptSource } = await this.#client.post<{ scriptSource: string }>(
        'Debugger.getScriptSource',
        { scriptId },
      );
      return lastMapReference(scriptSource);
    } catch {
      // Collected since: no code of it is left to place a breakpoint in.
      return undefined;
    }
  }

  /**
   * Turns this session's breakpoints on or off, and with them the pause before each script with
   * a source map that finds where logpoints' lines went in it.
   */
  async #activate(active: boolean): Promise<void> {
    await this.#client.post('Debugger.setBreakpointsActive', { active });
    if (active && this.#beforeMappedScripts === undefined) {
      const { breakpointId } = await this.#client.post<{ breakpointId: string }>(
        'Debugger.setInstrumentationBreakpoint',
        { instrumentation: 'beforeScriptWithSourceMapExecution' },
      );
      this.#beforeMappedScripts = breakpointId;
    } else if (!active && this.#beforeMappedScripts !== undefined) {
      const breakpointId = this.#beforeMappedScripts;
      this.#beforeMappedScripts = undefined;
      await this.#client.post('Debugger.removeBreakpoint', { breakpointId });
    }
  }

  /**
   * A script compiled in place of the file (tsx: the script has the file's URL) takes the place
   * of the site's breakpoint on the file's own line, which would stand on whatever the compiled
   * code has there.
   */
  async #mapInto(targets: readonly Site[], scriptUrl: string, reference: string) {
    if (targets.length === 0) return;
    const map = scriptMap(scriptUrl, reference);
    if (map === undefined) return;
    for (const site of targets) {
      if (!map.sources.has(site.url)) continue;
      const at = map.startOf(site.url, site.line);
      const placed = site.mapped.get(scriptUrl);
      if (at === undefined || (placed?.line === at.line && placed.column === at.column)) continue;
      if (scriptUrl === site.url) {
        site.compiledInPlace = true;
        if (site.direct !== undefined) await this.#breakpoints.remove(site.direct, site.id);
        site.direct = undefined;
      }
      if (placed !== undefined) await this.#breakpoints.remove(placed, site.id);
      site.mapped.delete(scriptUrl);
      const place = { url: scriptUrl, ...at };
      try {
        await this.#breakpoints.add(place, site.id, site.condition);
        site.mapped.set(scriptUrl, place);
      } catch (error) {
        debug('a logpoint of %s not placed in %s: %s', site.url, scriptUrl, String(error));
      }
    }
  }

  async #unplace(site: Site): Promise<void> {
    if (site.direct !== undefined) await this.#breakpoints.remove(site.direct, site.id);
    for (const placed of site.mapped.values()) await this.#breakpoints.remove(placed, site.id);
  }
}
