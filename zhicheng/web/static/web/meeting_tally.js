// While voting is open the progress (#tally) is fetched again every 5 seconds; the
// counts by choice wait for the close.
setInterval(async () => {
  const response = await fetch(location.pathname);
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("tally");
  if (fresh) document.getElementById("tally").replaceWith(fresh);
}, 5000);
