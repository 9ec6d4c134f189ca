/** Australian places and people for realistic demo data. Fictional people; real suburbs. */
export interface Place {
  suburb: string;
  state: 'NSW' | 'VIC' | 'QLD' | 'WA' | 'SA' | 'TAS' | 'ACT' | 'NT';
  postcode: string;
  lat: number;
  lng: number;
  areaCode: '02' | '03' | '07' | '08';
}

export const PLACES: Place[] = [
  { suburb: 'Parramatta', state: 'NSW', postcode: '2150', lat: -33.815, lng: 151.001, areaCode: '02' },
  { suburb: 'Penrith', state: 'NSW', postcode: '2750', lat: -33.751, lng: 150.694, areaCode: '02' },
  { suburb: 'Bondi', state: 'NSW', postcode: '2026', lat: -33.891, lng: 151.274, areaCode: '02' },
  { suburb: 'Liverpool', state: 'NSW', postcode: '2170', lat: -33.92, lng: 150.923, areaCode: '02' },
  { suburb: 'Newcastle', state: 'NSW', postcode: '2300', lat: -32.927, lng: 151.776, areaCode: '02' },
  { suburb: 'Wollongong', state: 'NSW', postcode: '2500', lat: -34.425, lng: 150.893, areaCode: '02' },
  { suburb: 'Lismore', state: 'NSW', postcode: '2480', lat: -28.813, lng: 153.277, areaCode: '02' },
  { suburb: 'Chatswood', state: 'NSW', postcode: '2067', lat: -33.797, lng: 151.183, areaCode: '02' },
  { suburb: 'Richmond', state: 'VIC', postcode: '3121', lat: -37.823, lng: 144.998, areaCode: '03' },
  { suburb: 'Geelong', state: 'VIC', postcode: '3220', lat: -38.149, lng: 144.361, areaCode: '03' },
  { suburb: 'Frankston', state: 'VIC', postcode: '3199', lat: -38.144, lng: 145.126, areaCode: '03' },
  { suburb: 'Ballarat Central', state: 'VIC', postcode: '3350', lat: -37.561, lng: 143.85, areaCode: '03' },
  { suburb: 'Dandenong', state: 'VIC', postcode: '3175', lat: -37.987, lng: 145.215, areaCode: '03' },
  { suburb: 'Footscray', state: 'VIC', postcode: '3011', lat: -37.8, lng: 144.9, areaCode: '03' },
  { suburb: 'Brisbane City', state: 'QLD', postcode: '4000', lat: -27.468, lng: 153.028, areaCode: '07' },
  { suburb: 'Southport', state: 'QLD', postcode: '4215', lat: -27.967, lng: 153.4, areaCode: '07' },
  { suburb: 'Toowoomba City', state: 'QLD', postcode: '4350', lat: -27.56, lng: 151.954, areaCode: '07' },
  { suburb: 'Townsville City', state: 'QLD', postcode: '4810', lat: -19.259, lng: 146.817, areaCode: '07' },
  { suburb: 'Cairns City', state: 'QLD', postcode: '4870', lat: -16.92, lng: 145.771, areaCode: '07' },
  { suburb: 'Ipswich', state: 'QLD', postcode: '4305', lat: -27.614, lng: 152.758, areaCode: '07' },
  { suburb: 'Fremantle', state: 'WA', postcode: '6160', lat: -32.056, lng: 115.745, areaCode: '08' },
  { suburb: 'Joondalup', state: 'WA', postcode: '6027', lat: -31.745, lng: 115.766, areaCode: '08' },
  { suburb: 'Bunbury', state: 'WA', postcode: '6230', lat: -33.327, lng: 115.641, areaCode: '08' },
  { suburb: 'Glenelg', state: 'SA', postcode: '5045', lat: -34.98, lng: 138.515, areaCode: '08' },
  { suburb: 'Mount Barker', state: 'SA', postcode: '5251', lat: -35.068, lng: 138.859, areaCode: '08' },
  { suburb: 'Hobart', state: 'TAS', postcode: '7000', lat: -42.882, lng: 147.327, areaCode: '03' },
  { suburb: 'Launceston', state: 'TAS', postcode: '7250', lat: -41.434, lng: 147.137, areaCode: '03' },
  { suburb: 'Belconnen', state: 'ACT', postcode: '2617', lat: -35.238, lng: 149.066, areaCode: '02' },
  { suburb: 'Tuggeranong', state: 'ACT', postcode: '2900', lat: -35.415, lng: 149.066, areaCode: '02' },
  { suburb: 'Darwin City', state: 'NT', postcode: '0800', lat: -12.463, lng: 130.842, areaCode: '08' },
  { suburb: 'Palmerston City', state: 'NT', postcode: '0830', lat: -12.48, lng: 130.983, areaCode: '08' },
];

export const STREETS = [
  'Kent St',
  'George St',
  'Harris St',
  'Elizabeth St',
  'Victoria Rd',
  'Church St',
  'High St',
  'Station St',
  'Queen St',
  'King St',
  'Bridge Rd',
  'Park Ave',
  'Railway Pde',
  'Beach Rd',
  'Marine Pde',
  'Wattle Cres',
  'Banksia Dr',
  'Bottlebrush Ave',
  'Gum Tree Ln',
  'Hill St',
  'Pacific Hwy',
  'Bay St',
  'Ocean St',
  'Albert St',
];

export const FIRST_NAMES = [
  'Jane',
  'Tom',
  'Priya',
  'Mei',
  'Dan',
  'Sarah',
  'Liam',
  'Olivia',
  'Noah',
  'Charlotte',
  'Jack',
  'Amelia',
  'Aisha',
  'Lachlan',
  'Chloe',
  'Mohammed',
  'Grace',
  'Oliver',
  'Ruby',
  'Harrison',
  'Zara',
  'Kai',
  'Isla',
  'Nguyen',
];

export const LAST_NAMES = [
  'Citizen',
  "O'Brien",
  'Raman',
  'Chen',
  'Whitfield',
  'Smith',
  'Nguyen',
  'Williams',
  'Brown',
  'Wilson',
  'Taylor',
  'Kelly',
  'Martin',
  'Singh',
  'Patel',
  'Anderson',
  'Thompson',
  'Walker',
  'Murphy',
  'Papadopoulos',
  'Rossi',
  'Kaur',
];

export const COMPANIES = [
  'Harbourside Property Pty Ltd',
  'Strata Plan 45521',
  'Owners Corporation PS 604112',
  'Blue Gum Rentals Pty Ltd',
  'Coastal Cafe Trust',
  'Body Corporate No. 3391',
  'Southern Cross Storage Pty Ltd',
  'Wattle Early Learning Pty Ltd',
];

export const INSURERS = [
  { name: 'NRMA Insurance', prefix: 'NRMA-CLM' },
  { name: 'Suncorp', prefix: 'SUN' },
  { name: 'Allianz', prefix: 'ALZ' },
  { name: 'QBE', prefix: 'QBE' },
  { name: 'AAMI', prefix: 'AAMI-C' },
  { name: 'RACV', prefix: 'RACV' },
  { name: 'Youi', prefix: 'YOUI' },
  { name: 'CGU', prefix: 'CGU' },
];

export const DAMAGE = [
  { label: 'Water', work: 'Extraction and structural drying; moisture mapping; remove and replace underlay.' },
  { label: 'Fire', work: 'Soot and smoke odour removal; contents pack-out; HEPA cleaning.' },
  { label: 'Storm', work: 'Emergency make-safe; tarp roof; dry ceiling cavities.' },
  { label: 'Flood', work: 'Category 3 water: strip out to 1 m, sanitise, dry and monitor.' },
  { label: 'Mould', work: 'Containment, HEPA vacuum, antimicrobial treatment, clearance testing.' },
];

export const STATUSES = [
  { code: 0, text: 'New' },
  { code: 1, text: 'Pending' },
  { code: 2, text: 'Scheduled' },
  { code: 3, text: 'In Progress' },
  { code: 5, text: 'On Hold' },
  { code: 6, text: 'Cancelled' },
  { code: 8, text: 'Complete' },
];

export const LINE_ITEMS = [
  { itemCode: 'DEHU-LGR', description: 'LGR dehumidifier hire (day)', unit: 88, type: 'material' },
  { itemCode: 'AIRM', description: 'Air mover hire (day)', unit: 25, type: 'material' },
  { itemCode: 'LAB-TECH', description: 'Restoration technician (hour)', unit: 95, type: 'labour' },
  { itemCode: 'LAB-SUP', description: 'Supervisor attendance (hour)', unit: 125, type: 'labour' },
  { itemCode: 'ANTIMIC', description: 'Antimicrobial treatment (m2)', unit: 12.5, type: 'material' },
  { itemCode: 'UNDERLAY', description: 'Underlay supply and lay (m2)', unit: 14, type: 'material' },
  { itemCode: 'DISC', description: 'Loyalty discount', unit: -50, type: 'discount' },
];
