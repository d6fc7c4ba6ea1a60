/**
 * What the editor told its parent about each file, so a `files` prop can be told apart from an
 * outside change. Keystrokes are native events: React may run the effect of a render made for an
 * earlier keystroke after later ones, so a prop holding any text the editor reported and the
 * parent has not yet caught up with is an echo, not a change (treating it as one put the old text
 * back and lost keystrokes).
 */
const MAX_PENDING = 500;

export type PropVerdict = "new file" | "in sync" | "echo" | "outside change";

export class ReportedTexts {
  /** path → texts reported since the props last caught up, oldest first */
  private readonly pending = new Map<string, string[]>();

  /** The editor's content of `path` changed to `text` and was reported. */
  report(path: string, text: string): void {
    const list = this.pending.get(path);
    if (!list) return void this.pending.set(path, [text]);
    list.push(text);
    if (list.length > MAX_PENDING) list.splice(0, list.length - MAX_PENDING);
  }

  /**
   * Classifies the text a render gave for `path` against the model's text: only an "outside
   * change" should be written into the model (it then counts as reported).
   */
  classify(path: string, propText: string, modelText: string): PropVerdict {
    const list = this.pending.get(path);
    if (!list) {
      this.pending.set(path, [propText]);
      return "new file";
    }
    if (propText === modelText) {
      this.pending.set(path, [propText]);
      return "in sync";
    }
    const at = list.lastIndexOf(propText);
    if (at >= 0) {
      list.splice(0, at); // props arrive in order: texts before this one will not come back
      return "echo";
    }
    this.pending.set(path, [propText]);
    return "outside change";
  }

  forget(path: string): boolean {
    return this.pending.delete(path);
  }

  has(path: string): boolean {
    return this.pending.has(path);
  }
}
