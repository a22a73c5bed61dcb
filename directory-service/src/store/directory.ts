// Opening the directory database ready for service: migrations, current taxonomies,
// optional demo data.
import { TAXONOMIES } from "./data/taxonomies.ts";
import { openDatabase, type Db } from "./database.ts";
import { syncTaxonomies, TaxonomyCatalog, type TaxonomyData } from "./taxonomies.ts";

export interface DirectoryOptions {
  /** Taxonomies to keep the table equal to; the reference data by default. */
  taxonomies?: TaxonomyData;
}

export function openDirectory(path: string, options: DirectoryOptions = {}): Db {
  const db = openDatabase(path);
  try {
    syncTaxonomies(db, options.taxonomies ?? TAXONOMIES);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export { TaxonomyCatalog };
