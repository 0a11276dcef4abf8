// A receipt as the PDF draws it, with plausible Blora data: for the PDF tests and the sample script.
import type { ReceiptData } from './receipts.types.ts';

export function sampleReceipt(logo: string | null, over: Partial<ReceiptData> = {}): ReceiptData {
  return {
    number: 'TT/RTNBLORA/2024/000101',
    status: 'sah',
    voidReason: null,
    copyNo: 1,
    dateWords: 'Selasa, dua puluh empat Desember dua ribu dua puluh empat',
    dateDigits: '24-12-2024',
    placeAndDate: 'Blora, 24 Desember 2024',
    letterhead: {
      ministryLine: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
      kanwilLine: 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH',
      unitName: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
      address: 'Jl. Pemuda No. 12, Blora, Jawa Tengah 58211',
      contactLine: 'Telp. (0296) 531000 · rutanblora@example.go.id',
      logoPath: logo,
    },
    eventLine: 'Panen Raya Nasional Serentak (Panen Raya) — Lahan Blok A, Rutan Blora',
    first: { name: 'Dewi Lestari', nipLine: 'NIP 199001052015032002', title: 'Staf Distribusi' },
    second: {
      name: 'Siti Aminah',
      nik: '3316••••••••0001',
      address: 'Dukuh Krajan RT 001/RW 002, Desa/Kel. Karangjati, Kec. Blora',
      category: 'Keluarga WBP kurang mampu',
      inmateLine: 'Ahmad Fauzi (BI.123/2025), Hubungan: Istri',
    },
    items: [
      { no: 1, commodity: 'Terong', quantity: '3', unit: 'kg', note: '' },
      { no: 2, commodity: 'Cabai', quantity: '1', unit: 'kg', note: '' },
      { no: 3, commodity: 'Tomat', quantity: '3', unit: 'kg', note: '' },
      { no: 4, commodity: 'Lele', quantity: '2,5', unit: 'kg', note: '15 ekor; segar' },
    ],
    totalLine: 'Jumlah: sayur 7 kg · ikan 2,5 kg (15 ekor)',
    yearToDateLine: 'Diterima tahun 2024 (sampai tanda terima ini): Terong 5 kg, Cabai 1 kg, Tomat 3 kg, Lele 2,5 kg (15 ekor)',
    head: { title: 'Kepala Rutan Kelas IIB Blora', name: 'Budi Hardiono', nipLine: 'NIP 196808171990031003' },
    replacesLine: null,
    verifyUrl: 'http://192.168.1.10:3000/v/Q2hlY2tUaGlzVG9rZW4xMjM0',
    footerLine: 'Dicetak 23/11/2026 10.15 WIB oleh Dewi Lestari · Lumbung',
    ...over,
  };
}
