/**
 * Real places for demo addresses: city, state/province, telephone area codes and real ZIP codes
 * or Canadian forward sortation areas (the first three characters of a postal code), so every
 * generated address passes validatePostal and looks right to an agent from that region.
 * `weight` is roughly relative population.
 */
export interface Place {
  city: string;
  region: string;
  country: 'US' | 'CA';
  areaCodes: readonly string[];
  /** US: five-digit ZIPs. CA: forward sortation areas (e.g. 'H2X'). */
  postal: readonly string[];
  weight: number;
  /** Quebec: street names are French and most customers prefer French. */
  french?: boolean;
}

export const US_PLACES: readonly Place[] = [
  { city: 'New York', region: 'NY', country: 'US', areaCodes: ['212', '646', '917'], postal: ['10001', '10011', '10016', '10024', '10128'], weight: 30 },
  { city: 'Brooklyn', region: 'NY', country: 'US', areaCodes: ['718', '347'], postal: ['11201', '11215', '11217', '11238'], weight: 18 },
  { city: 'Buffalo', region: 'NY', country: 'US', areaCodes: ['716'], postal: ['14201', '14209', '14214'], weight: 4 },
  { city: 'Los Angeles', region: 'CA', country: 'US', areaCodes: ['213', '310', '323'], postal: ['90012', '90024', '90027', '90049'], weight: 28 },
  { city: 'San Diego', region: 'CA', country: 'US', areaCodes: ['619', '858'], postal: ['92101', '92103', '92122'], weight: 10 },
  { city: 'San Francisco', region: 'CA', country: 'US', areaCodes: ['415', '628'], postal: ['94103', '94110', '94117', '94122'], weight: 8 },
  { city: 'San Jose', region: 'CA', country: 'US', areaCodes: ['408'], postal: ['95112', '95125', '95129'], weight: 8 },
  { city: 'Sacramento', region: 'CA', country: 'US', areaCodes: ['916'], postal: ['95814', '95818', '95822'], weight: 4 },
  { city: 'Chicago', region: 'IL', country: 'US', areaCodes: ['312', '773'], postal: ['60601', '60614', '60618', '60657'], weight: 20 },
  { city: 'Naperville', region: 'IL', country: 'US', areaCodes: ['630'], postal: ['60540', '60563'], weight: 3 },
  { city: 'Houston', region: 'TX', country: 'US', areaCodes: ['713', '281', '832'], postal: ['77002', '77006', '77019', '77098'], weight: 18 },
  { city: 'Dallas', region: 'TX', country: 'US', areaCodes: ['214', '469', '972'], postal: ['75201', '75204', '75206', '75230'], weight: 12 },
  { city: 'Austin', region: 'TX', country: 'US', areaCodes: ['512', '737'], postal: ['78701', '78704', '78731'], weight: 9 },
  { city: 'San Antonio', region: 'TX', country: 'US', areaCodes: ['210'], postal: ['78205', '78209', '78230'], weight: 9 },
  { city: 'Phoenix', region: 'AZ', country: 'US', areaCodes: ['602', '480'], postal: ['85004', '85016', '85018'], weight: 12 },
  { city: 'Scottsdale', region: 'AZ', country: 'US', areaCodes: ['480'], postal: ['85251', '85254', '85260'], weight: 3 },
  { city: 'Philadelphia', region: 'PA', country: 'US', areaCodes: ['215', '267'], postal: ['19103', '19106', '19123', '19147'], weight: 11 },
  { city: 'Pittsburgh', region: 'PA', country: 'US', areaCodes: ['412'], postal: ['15213', '15217', '15222'], weight: 5 },
  { city: 'Jacksonville', region: 'FL', country: 'US', areaCodes: ['904'], postal: ['32202', '32207', '32256'], weight: 7 },
  { city: 'Miami', region: 'FL', country: 'US', areaCodes: ['305', '786'], postal: ['33130', '33131', '33137', '33156'], weight: 10 },
  { city: 'Orlando', region: 'FL', country: 'US', areaCodes: ['407'], postal: ['32801', '32803', '32819'], weight: 6 },
  { city: 'Tampa', region: 'FL', country: 'US', areaCodes: ['813'], postal: ['33602', '33606', '33629'], weight: 6 },
  { city: 'Columbus', region: 'OH', country: 'US', areaCodes: ['614'], postal: ['43201', '43215', '43221'], weight: 7 },
  { city: 'Dublin', region: 'OH', country: 'US', areaCodes: ['614'], postal: ['43016', '43017'], weight: 2 },
  { city: 'Cleveland', region: 'OH', country: 'US', areaCodes: ['216'], postal: ['44113', '44114', '44120'], weight: 5 },
  { city: 'Charlotte', region: 'NC', country: 'US', areaCodes: ['704', '980'], postal: ['28202', '28203', '28207'], weight: 7 },
  { city: 'Raleigh', region: 'NC', country: 'US', areaCodes: ['919'], postal: ['27601', '27605', '27612'], weight: 5 },
  { city: 'Indianapolis', region: 'IN', country: 'US', areaCodes: ['317'], postal: ['46202', '46204', '46220'], weight: 6 },
  { city: 'Seattle', region: 'WA', country: 'US', areaCodes: ['206'], postal: ['98101', '98103', '98109', '98115'], weight: 8 },
  { city: 'Bellevue', region: 'WA', country: 'US', areaCodes: ['425'], postal: ['98004', '98006'], weight: 3 },
  { city: 'Denver', region: 'CO', country: 'US', areaCodes: ['303', '720'], postal: ['80202', '80206', '80210'], weight: 7 },
  { city: 'Boulder', region: 'CO', country: 'US', areaCodes: ['303'], postal: ['80302', '80304'], weight: 2 },
  { city: 'Washington', region: 'DC', country: 'US', areaCodes: ['202'], postal: ['20001', '20009', '20016'], weight: 7 },
  { city: 'Boston', region: 'MA', country: 'US', areaCodes: ['617', '857'], postal: ['02108', '02116', '02130', '02215'], weight: 7 },
  { city: 'Cambridge', region: 'MA', country: 'US', areaCodes: ['617'], postal: ['02138', '02139', '02140'], weight: 2 },
  { city: 'Nashville', region: 'TN', country: 'US', areaCodes: ['615'], postal: ['37203', '37205', '37212'], weight: 6 },
  { city: 'Memphis', region: 'TN', country: 'US', areaCodes: ['901'], postal: ['38103', '38117'], weight: 4 },
  { city: 'Portland', region: 'OR', country: 'US', areaCodes: ['503', '971'], postal: ['97201', '97209', '97214'], weight: 6 },
  { city: 'Las Vegas', region: 'NV', country: 'US', areaCodes: ['702'], postal: ['89101', '89117', '89135'], weight: 6 },
  { city: 'Louisville', region: 'KY', country: 'US', areaCodes: ['502'], postal: ['40202', '40205', '40222'], weight: 5 },
  { city: 'Baltimore', region: 'MD', country: 'US', areaCodes: ['410', '443'], postal: ['21201', '21211', '21224'], weight: 5 },
  { city: 'Bethesda', region: 'MD', country: 'US', areaCodes: ['301', '240'], postal: ['20814', '20817'], weight: 2 },
  { city: 'Milwaukee', region: 'WI', country: 'US', areaCodes: ['414'], postal: ['53202', '53211'], weight: 4 },
  { city: 'Albuquerque', region: 'NM', country: 'US', areaCodes: ['505'], postal: ['87102', '87110'], weight: 4 },
  { city: 'Atlanta', region: 'GA', country: 'US', areaCodes: ['404', '678', '770'], postal: ['30303', '30306', '30309', '30327'], weight: 9 },
  { city: 'Minneapolis', region: 'MN', country: 'US', areaCodes: ['612'], postal: ['55401', '55405', '55414'], weight: 5 },
  { city: 'Kansas City', region: 'MO', country: 'US', areaCodes: ['816'], postal: ['64105', '64111', '64113'], weight: 4 },
  { city: 'St. Louis', region: 'MO', country: 'US', areaCodes: ['314'], postal: ['63101', '63108', '63110'], weight: 4 },
  { city: 'New Orleans', region: 'LA', country: 'US', areaCodes: ['504'], postal: ['70112', '70115', '70130'], weight: 3 },
  { city: 'Salt Lake City', region: 'UT', country: 'US', areaCodes: ['801', '385'], postal: ['84101', '84102', '84105'], weight: 3 },
  { city: 'Newark', region: 'NJ', country: 'US', areaCodes: ['973'], postal: ['07102', '07104'], weight: 3 },
  { city: 'Princeton', region: 'NJ', country: 'US', areaCodes: ['609'], postal: ['08540', '08542'], weight: 2 },
  { city: 'Stamford', region: 'CT', country: 'US', areaCodes: ['203'], postal: ['06901', '06902', '06905'], weight: 2 },
  { city: 'Richmond', region: 'VA', country: 'US', areaCodes: ['804'], postal: ['23219', '23220', '23226'], weight: 3 },
  { city: 'Arlington', region: 'VA', country: 'US', areaCodes: ['703', '571'], postal: ['22201', '22203', '22207'], weight: 3 },
  { city: 'Detroit', region: 'MI', country: 'US', areaCodes: ['313'], postal: ['48201', '48207', '48226'], weight: 5 },
  { city: 'Ann Arbor', region: 'MI', country: 'US', areaCodes: ['734'], postal: ['48103', '48104'], weight: 2 },
  { city: 'Honolulu', region: 'HI', country: 'US', areaCodes: ['808'], postal: ['96813', '96815', '96822'], weight: 2 },
  { city: 'Anchorage', region: 'AK', country: 'US', areaCodes: ['907'], postal: ['99501', '99503', '99508'], weight: 1 },
  { city: 'Burlington', region: 'VT', country: 'US', areaCodes: ['802'], postal: ['05401', '05408'], weight: 1 },
  { city: 'Portland', region: 'ME', country: 'US', areaCodes: ['207'], postal: ['04101', '04102', '04103'], weight: 1 },
];

export const CA_PLACES: readonly Place[] = [
  { city: 'Montréal', region: 'QC', country: 'CA', areaCodes: ['514', '438'], postal: ['H2X', 'H2T', 'H2J', 'H3A', 'H3H', 'H4A', 'H1V', 'H2G'], weight: 30, french: true },
  { city: 'Québec', region: 'QC', country: 'CA', areaCodes: ['418', '581'], postal: ['G1R', 'G1S', 'G1K', 'G1V', 'G2E'], weight: 10, french: true },
  { city: 'Laval', region: 'QC', country: 'CA', areaCodes: ['450', '579'], postal: ['H7N', 'H7T', 'H7W'], weight: 7, french: true },
  { city: 'Gatineau', region: 'QC', country: 'CA', areaCodes: ['819', '873'], postal: ['J8T', 'J8Y', 'J9H'], weight: 5, french: true },
  { city: 'Longueuil', region: 'QC', country: 'CA', areaCodes: ['450'], postal: ['J4H', 'J4K', 'J4M'], weight: 4, french: true },
  { city: 'Sherbrooke', region: 'QC', country: 'CA', areaCodes: ['819'], postal: ['J1H', 'J1J', 'J1L'], weight: 3, french: true },
  { city: 'Saguenay', region: 'QC', country: 'CA', areaCodes: ['418'], postal: ['G7H', 'G7B'], weight: 2, french: true },
  { city: 'Trois-Rivières', region: 'QC', country: 'CA', areaCodes: ['819'], postal: ['G8T', 'G8Y', 'G9A'], weight: 2, french: true },
  { city: 'Lévis', region: 'QC', country: 'CA', areaCodes: ['418'], postal: ['G6V', 'G6W'], weight: 2, french: true },
  { city: 'Terrebonne', region: 'QC', country: 'CA', areaCodes: ['450'], postal: ['J6W', 'J6X'], weight: 2, french: true },
  { city: 'Saint-Jérôme', region: 'QC', country: 'CA', areaCodes: ['450'], postal: ['J7Z', 'J7Y'], weight: 1, french: true },
  { city: 'Rimouski', region: 'QC', country: 'CA', areaCodes: ['418'], postal: ['G5L', 'G5M'], weight: 1, french: true },
  { city: 'Toronto', region: 'ON', country: 'CA', areaCodes: ['416', '647', '437'], postal: ['M5V', 'M4W', 'M6G', 'M5R', 'M4L', 'M6P'], weight: 28 },
  { city: 'Ottawa', region: 'ON', country: 'CA', areaCodes: ['613', '343'], postal: ['K1P', 'K1S', 'K2P', 'K1Y'], weight: 9 },
  { city: 'Mississauga', region: 'ON', country: 'CA', areaCodes: ['905', '289'], postal: ['L5B', 'L5M', 'L4Z'], weight: 7 },
  { city: 'Hamilton', region: 'ON', country: 'CA', areaCodes: ['905'], postal: ['L8P', 'L8S', 'L9A'], weight: 4 },
  { city: 'London', region: 'ON', country: 'CA', areaCodes: ['519', '226'], postal: ['N6A', 'N6G', 'N5Y'], weight: 3 },
  { city: 'Sudbury', region: 'ON', country: 'CA', areaCodes: ['705'], postal: ['P3A', 'P3E'], weight: 1 },
  { city: 'Vancouver', region: 'BC', country: 'CA', areaCodes: ['604', '778'], postal: ['V6B', 'V6K', 'V5N', 'V6H'], weight: 10 },
  { city: 'Victoria', region: 'BC', country: 'CA', areaCodes: ['250'], postal: ['V8V', 'V8W', 'V8R'], weight: 2 },
  { city: 'Calgary', region: 'AB', country: 'CA', areaCodes: ['403', '587'], postal: ['T2P', 'T2S', 'T3H'], weight: 8 },
  { city: 'Edmonton', region: 'AB', country: 'CA', areaCodes: ['780', '587'], postal: ['T5J', 'T6E', 'T5K'], weight: 7 },
  { city: 'Winnipeg', region: 'MB', country: 'CA', areaCodes: ['204', '431'], postal: ['R3C', 'R3M', 'R2M'], weight: 5 },
  { city: 'Saskatoon', region: 'SK', country: 'CA', areaCodes: ['306'], postal: ['S7K', 'S7N'], weight: 2 },
  { city: 'Regina', region: 'SK', country: 'CA', areaCodes: ['306'], postal: ['S4P', 'S4S'], weight: 2 },
  { city: 'Halifax', region: 'NS', country: 'CA', areaCodes: ['902', '782'], postal: ['B3H', 'B3J', 'B3K'], weight: 3 },
  { city: 'Moncton', region: 'NB', country: 'CA', areaCodes: ['506'], postal: ['E1C', 'E1A'], weight: 1 },
  { city: 'Fredericton', region: 'NB', country: 'CA', areaCodes: ['506'], postal: ['E3B', 'E3A'], weight: 1 },
  { city: "St. John's", region: 'NL', country: 'CA', areaCodes: ['709'], postal: ['A1C', 'A1B', 'A1E'], weight: 1 },
  { city: 'Charlottetown', region: 'PE', country: 'CA', areaCodes: ['902'], postal: ['C1A', 'C1E'], weight: 1 },
];

/** Streets of Quebec cities, written the Canada Post French way ("1234, rue Saint-Denis"). */
export const QC_STREETS: readonly string[] = [
  'rue Saint-Denis', 'boulevard Saint-Laurent', 'rue Sherbrooke Est', 'rue Sherbrooke Ouest',
  'avenue du Mont-Royal Est', 'rue Notre-Dame Ouest', 'rue Saint-Hubert', 'avenue du Parc',
  'rue Beaubien Est', 'rue Rachel Est', 'avenue Papineau', 'rue de la Montagne',
  'boulevard René-Lévesque Ouest', 'chemin de la Côte-des-Neiges', 'rue Jean-Talon Est',
  'avenue Laurier Ouest', 'rue Fleury Est', 'boulevard Rosemont', 'rue Principale',
  "rue de l'Église", 'boulevard des Laurentides', 'avenue Cartier', 'rue Racine Est',
  'boulevard Talbot', 'chemin Sainte-Foy', 'avenue Maguire', 'rue Saint-Jean', 'boulevard Laurier',
  'rue King Ouest', 'rue Wellington Nord', 'boulevard de Maisonneuve Est', 'rue des Érables',
  'rue du Couvent', 'rue Champlain', 'boulevard Saint-Joseph', 'rue Bélanger', 'avenue Christophe-Colomb',
  'rue Masson', 'boulevard Décarie', 'rue Hochelaga', 'chemin du Roy', 'rue Frontenac',
];

/** Common Québécois family names (Institut de la statistique du Québec's most frequent). */
export const QC_LAST_NAMES: readonly string[] = [
  'Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné',
  'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard',
  'Boucher', 'Caron', 'Beaulieu', 'Cloutier', 'Dubé', 'Poirier', 'Fournier', 'Lapointe', 'Leclerc',
  'Lefebvre', 'Poulin', 'Thibault', 'St-Pierre', 'Nadeau', 'Martin', 'Landry', 'Martel', 'Bédard',
  'Grenier', 'Lessard', 'Bernier', 'Richard', 'Michaud', 'Hébert', 'Desjardins', 'Couture', 'Turcotte',
  'Lachance', 'Parent', 'Blais', 'Gosselin', 'Savard', 'Proulx', 'Beaudoin', 'Demers', 'Perreault',
  'Boudreau', 'Lemieux', 'Cyr', 'Perron', 'Dufour', 'Dion', 'Mercier', 'Bolduc', 'Bérubé', 'Boisvert',
  'Langlois', 'Ménard', 'Deschênes', 'Fontaine', 'Vachon', 'Thériault', 'Brassard', 'Labelle',
  'Charbonneau', 'Lemay', 'Vézina', 'Dionne', "D'Amours", 'Séguin', 'Béland', 'Guérin', 'Rioux',
];

export const QC_FIRST_NAMES_FEMALE: readonly string[] = [
  'Marie', 'Hélène', 'Geneviève', 'Mélanie', 'Isabelle', 'Nathalie', 'Chantal', 'Sylvie', 'Josée',
  'Émilie', 'Stéphanie', 'Véronique', 'Valérie', 'Julie', 'Caroline', 'Catherine', 'Annie', 'Karine',
  'Mélissa', 'Audrey', 'Maude', 'Noémie', 'Léa', 'Chloé', 'Camille', 'Sophie', 'Andrée', 'Françoise',
  'Élise', 'Marie-Ève', 'Anne-Marie', 'Ginette', 'Lucie', 'Manon', 'Johanne', 'Danielle', 'Édith',
  'Joëlle', 'Gabrielle', 'Rosalie', 'Béatrice', 'Marie-Hélène', 'Mylène', 'Amélie', 'Ariane',
];

export const QC_FIRST_NAMES_MALE: readonly string[] = [
  'Jean', 'Pierre', 'Luc', 'Marc', 'François', 'Jacques', 'Michel', 'André', 'Éric', 'Stéphane',
  'Sébastien', 'Martin', 'Mathieu', 'Guillaume', 'Simon', 'Alexandre', 'Olivier', 'Félix', 'Gabriel',
  'Samuel', 'Louis', 'Benoît', 'Réjean', 'Gaétan', 'Normand', 'Denis', 'Yves', 'Jean-François',
  'Jean-Philippe', 'Marc-André', 'Pier-Luc', 'Jérôme', 'Frédéric', 'Hugo', 'Maxime', 'Philippe',
  'Raymond', 'Gilles', 'Rémi', 'Étienne', 'Antoine', 'Émile', 'Thomas', 'Vincent', 'Jean-Sébastien',
];

export const EMAIL_DOMAINS = {
  US: ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'aol.com', 'comcast.net', 'att.net'],
  CA: ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.ca', 'icloud.com', 'rogers.com', 'bell.net', 'shaw.ca'],
  QC: ['gmail.com', 'hotmail.com', 'videotron.ca', 'outlook.com', 'sympatico.ca', 'yahoo.ca', 'icloud.com'],
} as const;

/** MINI models with the VIN's vehicle-descriptor section (positions 4–8) used for each. */
export const VEHICLES: ReadonlyArray<{ model: string; vds: readonly string[]; weight: number; msrp: [number, number] }> = [
  { model: 'Cooper Hardtop 2 Door', vds: ['XP7C3', 'XR3C5', 'GD7C3'], weight: 22, msrp: [29_000, 36_000] },
  { model: 'Cooper S Hardtop 4 Door', vds: ['XU9C5', 'XU3C5', 'GE9C5'], weight: 18, msrp: [33_000, 40_000] },
  { model: 'Countryman', vds: ['YU7C5', 'YV3C5', 'GA9C5'], weight: 24, msrp: [36_000, 48_000] },
  { model: 'Cooper S Convertible', vds: ['WG5C5', 'WJ3C5'], weight: 8, msrp: [36_000, 43_000] },
  { model: 'Clubman', vds: ['LN9C5', 'LV7C5'], weight: 8, msrp: [32_000, 41_000] },
  { model: 'John Cooper Works', vds: ['XR9C5', 'YX9C5'], weight: 7, msrp: [39_000, 50_000] },
  { model: 'Cooper SE Electric', vds: ['XP3C3', 'GD3C3'], weight: 7, msrp: [34_000, 41_000] },
  { model: 'Aceman', vds: ['FK1C3', 'FK3C5'], weight: 6, msrp: [37_000, 45_000] },
];

/** Routing numbers of real US banks (each passes the ABA checksum). */
export const BANK_ROUTING_NUMBERS: readonly string[] = [
  '021000021', // JPMorgan Chase
  '026009593', // Bank of America
  '121000248', // Wells Fargo
  '021000089', // Citibank
  '091000022', // U.S. Bank
  '031201360', // TD Bank
  '043000096', // PNC
  '061000104', // Truist
  '044000037', // JPMorgan Chase (Ohio)
  '122000247', // Wells Fargo (California)
  '011000138', // Bank of America (Massachusetts)
  '071000013', // JPMorgan Chase (Illinois)
  '111000614', // JPMorgan Chase (Texas)
  '256074974', // Navy Federal Credit Union
  '314074269', // USAA Federal Savings Bank
];
