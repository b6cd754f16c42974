import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="grid min-h-screen place-items-center px-6 text-center">
      <div>
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold">This page does not exist</h1>
        <Link href="/home" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">Go to your dashboard →</Link>
      </div>
    </div>
  );
}
