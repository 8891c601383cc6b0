/** File-system checks that treat "cannot stat" as "no". */
import * as fs from "fs";

/** Whether `p` is an existing regular file. */
export function isFile(p: string): boolean {
    try {
        return fs.statSync(p).isFile();
    } catch {
        return false;
    }
}

/** Whether `p` is an existing directory. */
export function isDirectory(p: string): boolean {
    try {
        return fs.statSync(p).isDirectory();
    } catch {
        return false;
    }
}
